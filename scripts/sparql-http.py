#!/usr/bin/env python3
"""Send one SPARQL query to an endpoint over the SPARQL 1.1 protocol.

    sparql-http.py ENDPOINT QUERY_FILE [OUT]

POSTs the query as a form (application/x-www-form-urlencoded, so long
queries fit), asks for SPARQL 1.1 Query Results JSON and writes the body to
OUT (default: standard output).  Exit 0 on HTTP 200 with a JSON body; 1
with the server's message on stderr otherwise; 2 on usage errors.  Only the
Python standard library: the tests need no curl.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: sparql-http.py ENDPOINT QUERY_FILE [OUT]\n")
        return 2
    endpoint, qfile = argv[1], argv[2]
    try:
        with open(qfile, encoding="utf-8") as f:
            query = f.read()
    except OSError as e:
        sys.stderr.write(f"sparql-http.py: {qfile}: {e.strerror}\n")
        return 2
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    req = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    })
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            data = resp.read()
    except urllib.error.HTTPError as e:
        msg = e.read().decode("utf-8", "replace")[:2000]
        sys.stderr.write(f"sparql-http.py: {qfile}: HTTP {e.code}: {msg}\n")
        return 1
    except (urllib.error.URLError, OSError) as e:
        sys.stderr.write(f"sparql-http.py: {endpoint}: {e}\n")
        return 1
    try:
        json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        sys.stderr.write(f"sparql-http.py: {qfile}: the answer is not JSON: {e}\n")
        return 1
    if len(argv) == 4:
        with open(argv[3], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
