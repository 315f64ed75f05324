"""A fake Semantic Scholar Graph API: a real HTTP server on 127.0.0.1 that answers like the real one.

It serves, from an in-memory corpus, the endpoints graphbuild uses with the JSON shapes recorded from the real
API (shared/s2-samples): ``POST /graph/v1/paper/batch`` (null slots, nested ``references`` cut at 1,000, the
9,999-references-per-call cap, 400 "No valid paper ids given"), ``GET /graph/v1/paper/{id}/references`` (paging
with ``next`` absent on the last page, ``paperId: null`` entries, publisher-elided ``data: null``) and
``GET /graph/v1/paper/search/match``. Every request is logged (method, path, query, headers, body), and faults can
be queued: 429 with or without ``Retry-After``, 5xx with the gateway's bodies, a dropped connection, an answer
slower than the client's timeout, malformed JSON, a black hole (accepts, never answers: the connection is held for
``delay`` seconds, then closed), and ``tamper``: the real answer passed through a function first, for answers of
the wrong shape (``externalIds: "ARXIV"``, ``references: "abc"``, lone surrogates, a ``next`` that never moves).

Used by the test suite (``conftest.py``) and by the benchmarks.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

API_PREFIX = "/graph/v1"
PAPER_FIELDS = {
    "paperId", "corpusId", "externalIds", "url", "title", "abstract", "venue", "publicationVenue", "year",
    "referenceCount", "citationCount", "influentialCitationCount", "isOpenAccess", "openAccessPdf",
    "fieldsOfStudy", "s2FieldsOfStudy", "publicationTypes", "publicationDate", "journal", "citationStyles",
    "authors", "citations", "references", "embedding", "tldr",
}
EDGE_FIELDS = {"contexts", "intents", "contextsWithIntent", "isInfluential"}
NESTED_MAX = 1000
NESTED_TOTAL_MAX = 9999
RESPONSE_MAX_BYTES = 10 * 1024 * 1024
MESSAGES = {
    429: {"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits. "
                     "https://www.semanticscholar.org/product/api#api-key-form", "code": "429"},
    500: {"message": "Internal Server Error"},
    502: {"message": "Network error communicating with endpoint"},
    503: {"message": "Network error communicating with endpoint"},
    504: {"message": "Endpoint request timed out"},
    403: {"message": "Forbidden"},
}


def s2_id(seed: str) -> str:
    """A stable 40-hex paperId for a synthetic paper."""
    return hashlib.sha1(seed.encode()).hexdigest()


@dataclass
class Fault:
    # "status", "drop", "slow", "malformed", "blackhole", "tamper", "dribble" (the real answer, one byte every
    # ``delay`` seconds from its status line, or from its body with ``body_only``), "huge" (a body of ``size``
    # bytes, streamed), "deep" (JSON nested ``size`` deep), or "pass" (lets one request through)
    kind: str
    status: int = 500
    retry_after: str | None = None
    delay: float = 0.0
    body: dict | None = None
    path_contains: str | None = None
    fields_contains: str | None = None  # only requests whose ?fields= contains this
    times: int = 1
    transform: object = None  # tamper: a function (status, payload, query) -> (status, payload)
    headers: dict | None = None  # "status": extra headers (besides Retry-After)
    body_only: bool = False  # "dribble": send the status line and headers at once, then dribble the body
    size: int = 0  # "huge": bytes of body; "deep": nesting depth


@dataclass
class Raw:
    """An answer sent as it is (an HTML error page, a recorded body, extra headers), not as JSON of a payload."""

    body: bytes
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


@dataclass
class Logged:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: object


@dataclass
class FakeCorpus:
    """Papers by paperId. A paper is a dict of S2 fields plus ``references`` (list of cited-paper dicts, each
    with ``paperId`` or ``paperId: None``; ``isInfluential`` allowed) or ``references: None`` when elided."""

    papers: dict[str, dict] = field(default_factory=dict)

    def add(self, paper_id: str, title: str, *, arxiv: str | None = None, doi: str | None = None,
            year: int | None = None, references: list[dict] | None = (), citation_count: int = 0, venue: str = "",
            authors=(), reference_count: int | None = None, external: dict[str, str] | None = None) -> dict:
        """``external``: more of ``externalIds`` (``ACL``, ``PubMed``, ``PubMedCentral``, ``DBLP``...)."""
        ext = {"CorpusId": int(paper_id[:7], 16)}
        if arxiv:
            ext["ArXiv"] = arxiv
        if doi:
            ext["DOI"] = doi
        ext.update(external or {})
        refs = None if references is None else list(references)
        record = {
            "paperId": paper_id, "corpusId": ext["CorpusId"], "externalIds": ext, "title": title, "year": year,
            "venue": venue, "publicationDate": f"{year}-01-15" if year else None,
            "url": f"https://www.semanticscholar.org/paper/{paper_id}",
            "citationCount": citation_count, "influentialCitationCount": citation_count // 10,
            "referenceCount": reference_count if reference_count is not None else len(refs or []),
            "authors": [{"authorId": str(1000 + i), "name": name} for i, name in enumerate(authors)],
            "references": refs,
        }
        self.papers[paper_id] = record
        return record

    def ref(self, paper_id: str, influential: bool = False) -> dict:
        """A reference entry pointing at a corpus paper."""
        p = self.papers[paper_id]
        return {"paperId": paper_id, "title": p["title"], "externalIds": p["externalIds"], "year": p["year"],
                "venue": p["venue"], "citationCount": p["citationCount"], "isInfluential": influential}

    def cite(self, paper_id: str, *sentences: tuple[str, list[str]], influential: bool | None = False) -> dict:
        """A reference entry pointing at a corpus paper, with the sentences of the citing paper that cite it (each
        with its intents) that ``/references`` gives as its edge fields; ``influential=None``: the edge's
        ``isInfluential`` is left out."""
        entry = self.ref(paper_id)
        entry["isInfluential"] = influential
        entry["sentences"] = [(text, list(intents)) for text, intents in sentences]
        return entry

    def resolve(self, raw: str) -> str | None:
        ident = raw.strip()
        if not ident:
            return None
        if re.fullmatch(r"[0-9a-f]{40}", ident):
            return ident if ident in self.papers else None
        prefix, _, rest = ident.partition(":")
        prefix = prefix.upper() if rest else ""
        index = self._index()
        if prefix == "ARXIV":
            return index.get(("ARXIV", rest))  # exact: a versioned id is not found, like S2
        if prefix == "DOI":
            return index.get(("DOI", rest.lower()))
        if prefix == "CORPUSID":
            return index.get(("CORPUSID", rest))
        if prefix in ("ACL", "PMID", "PMCID"):  # the batch's other id forms (semantic-scholar-api.md)
            return index.get((prefix, rest.upper() if prefix == "ACL" else rest))
        if not prefix and ident.startswith("10."):
            return index.get(("DOI", ident.lower()))
        return None

    def _index(self) -> dict:
        """Id forms → paperId, rebuilt when papers were added or edited (keyed on a cheap fingerprint)."""
        stamp = (len(self.papers), sum(len(p["externalIds"]) for p in self.papers.values()))
        if getattr(self, "_stamp", None) != stamp:
            index = {}
            for pid, p in self.papers.items():
                ext = p["externalIds"]
                if ext.get("ArXiv"):
                    index.setdefault(("ARXIV", ext["ArXiv"]), pid)
                if ext.get("DOI"):
                    index.setdefault(("DOI", ext["DOI"].lower()), pid)
                index.setdefault(("CORPUSID", str(ext.get("CorpusId"))), pid)
                for key, prefix in (("ACL", "ACL"), ("PubMed", "PMID"), ("PubMedCentral", "PMCID")):
                    if ext.get(key):
                        index.setdefault((prefix, str(ext[key]).upper() if prefix == "ACL" else str(ext[key])), pid)
            self._cached_index, self._stamp = index, stamp
        return self._cached_index


class FakeSemanticScholar:
    """Start with :meth:`start` (or use as a context manager); ``url`` is the API base to give the client."""

    def __init__(self, corpus: FakeCorpus | None = None):
        self.corpus = corpus or FakeCorpus()
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- control ---
    def start(self) -> FakeSemanticScholar:
        fake = self

        class Handler(_Handler):
            owner = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="fake-s2", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{API_PREFIX}"

    @property
    def count(self) -> int:
        return len(self.log)

    def reset_log(self) -> None:
        with self.lock:
            self.log.clear()

    def fail(self, kind: str, **options) -> Fault:
        """Queue a fault for the next matching request(s); faults apply in the order queued."""
        fault = Fault(kind, **options)
        with self.lock:
            self.faults.append(fault)
        return fault

    def _take_fault(self, path: str, query: dict[str, str]) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path_contains is not None and fault.path_contains not in path:
                    continue
                if fault.fields_contains is None or fault.fields_contains in query.get("fields", ""):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    # --- the API ---
    def answer(self, method: str, path: str, query: dict[str, str], body) -> tuple[int, object]:
        if not path.startswith(API_PREFIX + "/paper"):
            return 404, {"message": "Not Found"}
        path = path[len(API_PREFIX):]
        if method == "POST" and path == "/paper/batch":
            return self.batch(query, body)
        if method == "GET" and path == "/paper/search/match":
            return self.match(query)
        m = re.fullmatch(r"/paper/(.+)/references", path)
        if method == "GET" and m:
            return self.references(unquote(m.group(1)), query)
        m = re.fullmatch(r"/paper/(.+)/citations", path)
        if method == "GET" and m:
            return self.citations(unquote(m.group(1)), query)
        m = re.fullmatch(r"/paper/(.+)", path)
        if method == "GET" and m:
            pid = self.corpus.resolve(unquote(m.group(1)))
            if pid is None:
                return 404, {"error": f"Paper with id {unquote(m.group(1))} not found"}
            return self.project(pid, _fields(query))
        return 404, {"message": "Not Found"}

    def project(self, pid: str, fields: list[str]):
        bad = [f for f in fields if f.split(".")[0] not in PAPER_FIELDS]
        if bad:
            return 400, {"error": f"Unrecognized or unsupported fields: [{', '.join(bad)}]"}
        return 200, self._record(pid, fields)

    def _record(self, pid: str, fields: list[str]) -> dict:
        paper = self.corpus.papers[pid]
        out = {"paperId": pid}
        nested = [f.split(".", 1)[1] for f in fields if f.startswith("references.")]
        for f in fields:
            top = f.split(".")[0]
            if top == "references":
                continue
            out[top] = paper.get(top)
        if "references" in fields or nested:
            refs = paper.get("references")
            if refs is None:
                out["references"] = None
            else:
                sub = nested or ["paperId", "title"]
                out["references"] = [_cited(r, sub) for r in refs[:NESTED_MAX]]
        return out

    def batch(self, query, body):
        fields = _fields(query)
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list):
            return 400, {"error": "Unacceptable JSON body: expected {\"ids\": [...]}"}
        if len(ids) > 500:
            return 400, {"error": "Too many ids. Max is 500"}
        bad = [f for f in fields if f.split(".")[0] not in PAPER_FIELDS]
        if bad:
            return 400, {"error": f"Unrecognized or unsupported fields: [{', '.join(bad)}]"}
        resolved = [self.corpus.resolve(str(i)) if i else None for i in ids]
        if not any(resolved):
            return 400, {"error": "No valid paper ids given"}
        if any(f == "references" or f.startswith("references.") for f in fields):
            total = sum(min(len(self.corpus.papers[p].get("references") or []), NESTED_MAX) for p in resolved if p)
            if total > NESTED_TOTAL_MAX:
                return 400, {"error": "Response would exceed maximum size. Please reduce the number of ids or fields."}
        return 200, [self._record(p, fields) if p else None for p in resolved]

    def _paged(self, raw_id: str, query):
        """The paper and page a references or citations request names, or the API's refusal (404, 400)."""
        pid = self.corpus.resolve(raw_id)
        if pid is None:
            return None, 0, 0, (404, {"error": f"Paper with id {raw_id} not found"})
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
        if limit > 1000:
            return pid, offset, limit, (400, {"error": f"Unacceptable query params: [limit={limit}]"})
        return pid, offset, limit, None

    def references(self, raw_id: str, query):
        pid, offset, limit, refused = self._paged(raw_id, query)
        if refused:
            return refused
        fields = _fields(query) or ["paperId", "title"]
        refs = self.corpus.papers[pid].get("references")
        if refs is None:
            info = self._record(pid, ["title", "externalIds"])
            info["openAccessPdf"] = {"url": "", "status": None, "disclaimer": (
                "Notice: The following paper fields have been elided by the publisher: {'references'}. "
                "Paper or abstract available at https://api.unpaywall.org/v2/...")}
            return 200, {"data": None, "citingPaperInfo": info}
        page = refs[offset : offset + limit]
        edge_fields = [f for f in fields if f in EDGE_FIELDS]
        paper_fields = [f for f in fields if f not in EDGE_FIELDS]
        data = []
        for r in page:
            edge = _edge(r, edge_fields)
            edge["citedPaper"] = _cited(r, paper_fields)
            data.append(edge)
        answer = {"offset": offset, "data": data}
        if offset + limit < len(refs):
            answer["next"] = offset + limit
        return 200, answer

    def citations(self, raw_id: str, query):
        """``/paper/{id}/citations``: the corpus papers whose references name it, newest first, filtered by
        ``publicationDateOrYear`` (``START:END``, either side open, dates as YYYY, YYYY-MM or YYYY-MM-DD), paged
        with ``next``, and refused past the API's depth (offset + limit must stay under 10,000)."""
        pid, offset, limit, refused = self._paged(raw_id, query)
        if refused:
            return refused
        if offset + limit >= 10000:
            return 400, {"error": "Requested data for this limit and/or offset is not available"}
        start, _, end = query.get("publicationDateOrYear", ":").partition(":")
        citers = []
        for cid, paper in self.corpus.papers.items():
            if any(r.get("paperId") == pid for r in paper.get("references") or []):
                date = paper.get("publicationDate") or str(paper.get("year") or "")
                if _in_window(date, start, end):
                    citers.append((date, cid))
        citers.sort(key=lambda x: (x[0], x[1]), reverse=True)
        fields = _fields(query) or ["paperId", "title"]
        edge_fields = [f for f in fields if f in EDGE_FIELDS]
        paper_fields = [f for f in fields if f not in EDGE_FIELDS]
        page = citers[offset: offset + limit]
        data = []
        for _, c in page:  # the edge fields: how the citing paper's text cites this one
            ref = next(r for r in self.corpus.papers[c]["references"] if r.get("paperId") == pid)
            data.append({**_edge(ref, edge_fields),
                         "citingPaper": _cited(self.corpus.papers[c] | {"paperId": c}, paper_fields)})
        answer = {"offset": offset, "data": data}
        if offset + limit < len(citers):
            answer["next"] = offset + limit
        return 200, answer

    def match(self, query):
        q = query.get("query")
        if not q:
            return 400, {"error": "Missing required parameter: 'query'"}
        wanted = _norm(q)
        for pid, p in sorted(self.corpus.papers.items()):
            if _norm(p["title"]) == wanted:
                record = self._record(pid, _fields(query) or ["title"])
                record["matchScore"] = 109.55
                return 200, {"data": [record]}
        return 404, {"error": "Title match not found"}


def _in_window(date: str, start: str, end: str) -> bool:
    """Semantic Scholar's publicationDateOrYear: a paper known only by its year counts when the year overlaps."""
    if not date:
        return False
    return (not start or date[: len(start)] >= start[: len(date)]) and (not end or date[: len(end)] <= end)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _fields(query) -> list[str]:
    raw = query.get("fields", "")
    return [f.strip() for f in raw.split(",") if f.strip()]


def _edge(ref: dict, fields: list[str]) -> dict:
    """The edge fields of one reference, as the API gives them: ``contexts`` and ``intents`` as lists (empty when
    Semantic Scholar has no text of the citing paper), ``contextsWithIntent`` built from the sentences (each with
    its own intents, as ``ref["sentences"]`` gives them), ``isInfluential`` a boolean, or absent when the reference
    says ``isInfluential: None``."""
    sentences = ref.get("sentences", [])  # [(text, [intent, ...]), ...]
    edge: dict = {}
    for f in fields:
        if f == "contexts":
            edge[f] = [text for text, _ in sentences]
        elif f == "intents":
            edge[f] = sorted({i for _, intents in sentences for i in intents})
        elif f == "contextsWithIntent":
            edge[f] = [{"context": text, "intents": list(intents)} for text, intents in sentences]
        elif f == "isInfluential":
            if ref.get("isInfluential", False) is not None:
                edge[f] = ref.get("isInfluential", False)
    return edge


def _cited(ref: dict, fields: list[str]) -> dict:
    if ref.get("paperId") is None:  # unresolved reference: paperId null, other fields null, authors []
        out = {"paperId": None}
        for f in fields:
            if f != "paperId":
                out[f] = ref.get("title") if f == "title" else ([] if f == "authors" else None)
        return out
    out = {"paperId": ref["paperId"]}
    for f in fields:
        if f != "paperId":
            out[f] = ref.get(f)
    return out


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: don't wait 40 ms for an ACK between
    owner: FakeSemanticScholar

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def _serve(self, method: str):
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        owner = self.owner
        with owner.lock:
            owner.log.append(Logged(method, parts.path, query, dict(self.headers.items()), body))
            owner.last_request_line = self.requestline
        fault = owner._take_fault(parts.path, query)
        if fault is not None:
            if fault.kind == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault.kind == "blackhole":  # accept, read, never answer; give the connection up after `delay`
                time.sleep(min(fault.delay, 30.0))
                self.close_connection = True
                return
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "malformed":
                return self._send(200, b'{"data": [{"paperId": "abc", "title": ', "application/json")
            elif fault.kind == "status":
                payload = fault.body if fault.body is not None else MESSAGES.get(fault.status, {"error": "error"})
                headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                headers.update(fault.headers or {})
                if isinstance(payload, Raw):
                    return self._send(fault.status, payload.body, payload.content_type, {**headers, **payload.headers})
                return self._send(fault.status, json.dumps(payload).encode(), "application/json", headers)
        if fault is not None and fault.kind == "huge":
            return self._send_huge(fault.size)
        if fault is not None and fault.kind == "deep":
            return self._send(200, b"[" * fault.size + b"]" * fault.size, "application/json")
        status, payload = owner.answer(method, parts.path, query, body)
        if fault is not None and fault.kind == "tamper":
            status, payload = fault.transform(status, payload, query)
        if fault is not None and fault.kind == "dribble":
            data = payload.body if isinstance(payload, Raw) else json.dumps(payload).encode()
            return self._dribble(status, data, fault.delay, fault.body_only)
        if isinstance(payload, Raw):
            return self._send(status, payload.body, payload.content_type, payload.headers)
        data = json.dumps(payload).encode()
        if len(data) > RESPONSE_MAX_BYTES:  # the real API caps every answer at 10 MB
            status, data = 400, json.dumps({"error": "Response would exceed maximum size. Please reduce the "
                                                     "number of ids or fields."}).encode()
        self._send(status, data, "application/json")

    def _dribble(self, status: int, data: bytes, delay: float, body_only: bool) -> None:
        """The answer one byte at a time, ``delay`` seconds apart, until it is sent or the client gives up."""
        head = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                .encode())
        self.close_connection = True
        try:
            if body_only:
                self.wfile.write(head)
                self.wfile.flush()
                head = b""
            for k in range(len(head + data)):
                self.wfile.write((head + data)[k:k + 1])
                self.wfile.flush()
                time.sleep(delay)
        except OSError:
            pass

    def _send_huge(self, size: int) -> None:
        """A valid-looking JSON answer of ``size`` bytes, streamed without a Content-Length (chunk after chunk)."""
        self.close_connection = True
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")
            block = b'"' + b"x" * 65530 + b'",'
            sent = 0
            while sent < size:
                self.wfile.write(block)
                sent += len(block)
            self.wfile.write(b'"end"]')
        except OSError:
            pass

    def _send(self, status: int, data: bytes, ctype: str, headers: dict | None = None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
