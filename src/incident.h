/* incident.h — what the text says of an incident: casualties (exact
 * figures and ranges, in digits or words: "10", "six to eight", "between
 * six and eight", "at least 3"), where it happened, whose people were hit,
 * and whom it is blamed on ("Armenian-initiated provocation", "detention
 * … by Azerbaijani forces", "at the direction of Turkey").  Each becomes
 * an entity fact citing its sentence.  Runs after mentions and events. */
#ifndef NK_INCIDENT_H
#define NK_INCIDENT_H

#include "doc.h"
#include "kb.h"

void nk_incident_facts(nk_doc *d, const nk_kb *kb);

/* Value of a number written in digits or English words ("seven", "12",
 * "1,200"); -1 when the token is no number. */
long nk_number_value(const char *s, size_t n);

#endif
