#!/usr/bin/env python3
"""A loopback OpenAI-compatible chat-completions peer for the tests (Groq's
dialect, docs/PROTOCOLS.md section 6). Standard library only.

    python3 tests/fakes/llm_fake.py --port N [--key K] [--host 127.0.0.1]

prints "llm-fake listening on N" (N = the bound port; --port 0 picks one) and
serves until SIGTERM:

    POST /v1/chat/completions   (any path ending in /chat/completions)
    GET  /_requests?marker=NAME recorded request bodies whose system message
                                carries [fake:NAME...]: {"requests": [...]}
    GET  /healthz

Requests are validated as Groq does (401 without the right Bearer key when
--key is given; 400 for logprobs, logit_bias, messages[].name, n != 1, a
missing model or messages, malformed tool messages). The answer follows the
script named by "[fake:NAME]" or "[fake:NAME:ARG]" anywhere in the system
message ("hello" when there is none); scripts live in llm_scripts.json next to
this file, which documents their format.
"""
import argparse
import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

MARKER = re.compile(r"\[fake:([A-Za-z0-9_]+)(?::([^\]]*))?\]")
PLACEHOLDER = re.compile(r"\{([a-z]+(?:\.[A-Za-z0-9_]+)*)(\?)?\}")
RECORD_MAX = 5000

SCRIPTS = {}
KEY = None
lock = threading.Lock()
recorded = []          # (marker name, body)
seen = {}              # fail_first: request hash -> count


class Unresolved(Exception):
    pass


def user_facts(messages):
    """name, phone, service, when from the user messages (the latest wins)."""
    facts = {}
    for m in messages:
        if m.get("role") != "user" or not isinstance(m.get("content"), str):
            continue
        t = m["content"]
        r = re.search(r"(?i:my name is|i am|i'm)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)", t)
        if r:
            facts["name"] = r.group(1)
        r = re.search(r"\+?\d[\d ().-]{6,}\d", t)
        if r:
            facts["phone"] = re.sub(r"[^\d+]", "", r.group(0))
        r = re.search(r"(?i)\bbook (?:a |an |the |me a |me an )?([a-z][a-z ]*?)"
                      r"(?=\s+(?:for|on|at|tomorrow|today|next|this)\b|[.,!?]|$)", t)
        if r:
            facts["service"] = r.group(1).strip()
        r = re.search(r"(?i)\b((?:tomorrow|today|next \w+|on \w+ \d+)"
                      r"(?: (?:at )?\d{1,2}(?::\d{2})?\s*(?:am|pm)?)?)", t)
        if r:
            facts["when"] = r.group(1).strip()
    return facts


def lookup(ctx, path):
    parts = path.split(".")
    if parts[0] == "arg":
        v = ctx.get("arg")
    else:
        v = ctx.get(parts[0])
        for p in parts[1:]:
            if isinstance(v, dict) and p in v:
                v = v[p]
            elif isinstance(v, list) and p.isdigit() and int(p) < len(v):
                v = v[int(p)]
            else:
                v = None
                break
    if v is None or v == "":
        raise Unresolved(path)
    return v if isinstance(v, str) else json.dumps(v)


def fill(s, ctx, optional_ok=False):
    """Replace placeholders in s; an optional one that does not resolve gives ''."""
    def sub(m):
        try:
            return lookup(ctx, m.group(1))
        except Unresolved:
            if m.group(2) or optional_ok:
                return ""
            raise
    return PLACEHOLDER.sub(sub, s)


def fill_args(args, ctx):
    out = {}
    for k, v in args.items():
        if isinstance(v, str):
            m = PLACEHOLDER.fullmatch(v)
            if m and m.group(2):
                try:
                    out[k] = lookup(ctx, m.group(1))
                except Unresolved:
                    pass
                continue
            out[k] = fill(v, ctx)
        else:
            out[k] = v
    return out


def split(s, n):
    n = max(1, min(n, len(s))) if s else 1
    size = -(-len(s) // n) if s else 0
    parts = [s[i:i + size] for i in range(0, len(s), size)] if s else [""]
    return parts


def plan(script, body, arg):
    """What to answer: {"text": [deltas]} or {"calls": [(id, name, [arg pieces])]}"""
    messages = body["messages"]
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    tools_after = [m for m in messages[last_user + 1:] if m.get("role") == "tool"]
    rounds = script["rounds"]
    rnd = rounds[min(len(tools_after), len(rounds) - 1)]
    result = None
    if tools_after:
        try:
            result = json.loads(tools_after[-1].get("content") or "null")
        except ValueError:
            result = {"error": "tool content is not JSON"}
    ctx = {"user": user_facts(messages), "result": result, "arg": arg}
    if "fail" in rnd:  # this round of the turn fails (e.g. after a booking)
        return {"fail": rnd["fail"]}
    is_tool = "tool" in rnd or "tools" in rnd
    if is_tool and (body.get("tool_choice") == "none" or not body.get("tools")):
        return {"text": script.get("none_text", ["I can't look that up right now."])}
    try:
        if not is_tool:
            return {"text": [fill(t, ctx) for t in rnd["text"]]}
        calls = []
        for c in rnd.get("tools", [rnd]):
            raw = c["raw"] if "raw" in c else json.dumps(fill_args(c.get("arguments", {}), ctx))
            calls.append(("call_" + uuid.uuid4().hex[:24], c["tool"], split(raw, c.get("chunks", 1))))
        return {"calls": calls}
    except Unresolved:
        return {"text": [fill(t, ctx, True) for t in rnd.get("otherwise", ["Sorry?"])]}


def validate(body):
    """Groq's checks: None when fine, else the 400 message."""
    if not isinstance(body, dict):
        return "request body must be a JSON object"
    for k in ("logprobs", "logit_bias", "top_logprobs"):
        if k in body:
            return "'%s' : not supported by this model" % k
    if "n" in body and body["n"] != 1:
        return "'n' : number must be at most 1"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "'model' : property 'model' is missing"
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "'messages' : property 'messages' is missing"
    if "temperature" in body and not (isinstance(body["temperature"], (int, float))
                                      and 0 <= body["temperature"] <= 2):
        return "'temperature' : must be between 0 and 2"
    if "stream" in body and not isinstance(body["stream"], bool):
        return "'stream' : must be a boolean"
    ids = set()
    for i, m in enumerate(msgs):
        if not isinstance(m, dict):
            return "'messages.%d' : must be an object" % i
        if "name" in m:
            return "'messages.%d' : property 'name' is unsupported" % i
        role = m.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            return "'messages.%d.role' : must be system, user, assistant or tool" % i
        c = m.get("content")
        if role == "assistant" and "tool_calls" in m:
            if c is not None and not isinstance(c, str):
                return "'messages.%d.content' : must be a string or null" % i
            tcs = m["tool_calls"]
            if not isinstance(tcs, list) or not tcs:
                return "'messages.%d.tool_calls' : must be a non-empty array" % i
            for j, tc in enumerate(tcs):
                f = tc.get("function") if isinstance(tc, dict) else None
                if (not isinstance(tc.get("id"), str) or tc.get("type") != "function"
                        or not isinstance(f, dict) or not isinstance(f.get("name"), str)
                        or not isinstance(f.get("arguments"), str)):
                    return "'messages.%d.tool_calls.%d' : malformed tool call" % (i, j)
                ids.add(tc["id"])
        elif not isinstance(c, str):
            return "'messages.%d.content' : must be a string" % i
        if role == "tool" and m.get("tool_call_id") not in ids:
            return "'messages.%d.tool_call_id' : does not match a preceding tool call" % i
    tools = body.get("tools")
    if tools is not None:
        if not isinstance(tools, list):
            return "'tools' : must be an array"
        for j, t in enumerate(tools):
            if (not isinstance(t, dict) or t.get("type") != "function"
                    or not isinstance(t.get("function"), dict)
                    or not isinstance(t["function"].get("name"), str)):
                return "'tools.%d' : malformed tool" % j
    tc = body.get("tool_choice")
    if tc is not None:
        if not tools:
            return "'tool_choice' : only allowed when 'tools' are specified"
        if not (tc in ("none", "auto", "required") or isinstance(tc, dict)):
            return "'tool_choice' : must be none, auto, required or an object"
    return None


def system_text(body):
    return "\n".join(m["content"] for m in body.get("messages", [])
                     if isinstance(m, dict) and m.get("role") == "system"
                     and isinstance(m.get("content"), str))


class Handler(BaseHTTPRequestHandler):
    server_version = "llm-fake/1"
    protocol_version = "HTTP/1.0"   # streams end when the connection closes

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("llm-fake: " + fmt % args + "\n")

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message, etype="invalid_request_error", code=None, headers=None):
        err = {"message": message, "type": etype}
        if code:
            err["code"] = code
        self.send_json(status, {"error": err}, headers)

    def do_GET(self):
        u = urlparse(self.path)
        if u.path == "/healthz":
            return self.send_json(200, {"ok": True})
        if u.path == "/_requests":
            marker = parse_qs(u.query).get("marker", [""])[0]
            with lock:
                reqs = [b for (m, b) in recorded if m == marker]
            return self.send_json(200, {"requests": reqs})
        self.error(404, "Unknown request URL: GET %s" % u.path, code="unknown_url")

    def do_POST(self):
        try:
            self.chat()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (timeouts, cancelled turns)

    def chat(self):
        if not urlparse(self.path).path.endswith("/chat/completions"):
            return self.error(404, "Unknown request URL: POST %s" % self.path, code="unknown_url")
        if KEY is not None:
            auth = self.headers.get("Authorization", "")
            if auth != "Bearer " + KEY:
                # like OpenAI, echo the key: clients must not log error text unfiltered
                given = auth[7:] if auth.startswith("Bearer ") else auth
                return self.error(401, "Incorrect API key provided: %s" % given,
                                  code="invalid_api_key")
        try:
            n = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(n))
        except ValueError:
            return self.error(400, "We could not parse the JSON body of your request.")
        why = validate(body)
        if why:
            return self.error(400, why)
        m = MARKER.search(system_text(body))
        name, arg = (m.group(1), m.group(2) or "") if m else ("hello", "")
        with lock:
            recorded.append((name, body))
            del recorded[:-RECORD_MAX]
        script = SCRIPTS.get(name)
        if script is None:
            return self.error(400, "[fake] unknown script %s" % name)

        if "fail_always" in script:
            return self.fail(script["fail_always"])
        if "fail_first" in script:
            h = hashlib.sha256(json.dumps(body["messages"], sort_keys=True).encode()).hexdigest()
            with lock:
                seen[h] = seen.get(h, 0) + 1
                first = seen[h] == 1
            if first:
                return self.fail(script["fail_first"])

        answer = plan(script, body, arg)
        if "fail" in answer:
            return self.fail(answer["fail"])
        if body.get("stream"):
            self.stream(script, body, arg, answer)
        else:
            self.complete(body, answer)

    def fail(self, f):
        headers = {}
        if "retry_after" in f:
            headers["Retry-After"] = f["retry_after"]
            headers["x-ratelimit-reset-tokens"] = f["retry_after"] + "s"
        e = f["error"]
        self.error(f["status"], e["message"], e.get("type", "api_error"), e.get("code"), headers)

    def usage(self, body, completion):
        p = len(json.dumps(body["messages"])) // 4
        return {"prompt_tokens": p, "completion_tokens": completion, "total_tokens": p + completion}

    def complete(self, body, answer):
        msg = {"role": "assistant", "content": None}
        if "text" in answer:
            msg["content"] = "".join(answer["text"])
            finish = "stop"
        else:
            msg["tool_calls"] = [{"id": cid, "type": "function",
                                  "function": {"name": name, "arguments": "".join(parts)}}
                                 for (cid, name, parts) in answer["calls"]]
            finish = "tool_calls"
        self.send_json(200, {
            "id": "chatcmpl-" + uuid.uuid4().hex, "object": "chat.completion",
            "created": int(time.time()), "model": body["model"],
            "choices": [{"index": 0, "message": msg, "logprobs": None, "finish_reason": finish}],
            "usage": self.usage(body, 10)})

    def stream(self, script, body, arg, answer):
        cid = "chatcmpl-" + uuid.uuid4().hex
        created = int(time.time())

        def chunk(delta, finish=None, extra=None):
            c = {"id": cid, "object": "chat.completion.chunk", "created": created,
                 "model": body["model"], "system_fingerprint": "fp_fake",
                 "choices": [{"index": 0, "delta": delta, "logprobs": None,
                              "finish_reason": finish}]}
            if extra:
                c.update(extra)
            self.wfile.write(b"data: " + json.dumps(c).encode() + b"\n\n")
            self.wfile.flush()

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk({"role": "assistant", "content": ""})
        delay = float(script.get("first_token_delay", "0").replace("{arg}", arg or "0"))
        if delay > 0:
            time.sleep(delay)
        n = 0
        if "text" in answer:
            deltas = answer["text"]
            spread = float(script.get("spread_over", "0").replace("{arg}", arg or "0"))
            if spread > 0:  # one delta every 250 ms, cycling through the words
                deltas = [deltas[i % len(deltas)] for i in range(max(1, int(spread * 4)))]
            for i, d in enumerate(deltas):
                if spread > 0 and i:
                    time.sleep(0.25)
                chunk({"content": d})
                n += 1
            finish = "stop"
        else:
            calls = answer["calls"]
            for k, (tid, name, _) in enumerate(calls):  # the first fragment of each call
                chunk({"tool_calls": [{"index": k, "id": tid, "type": "function",
                                       "function": {"name": name, "arguments": ""}}]})
            longest = max(len(parts) for (_, _, parts) in calls)
            for j in range(longest):  # then the arguments, interleaved by index
                for k, (_, _, parts) in enumerate(calls):
                    if j < len(parts):
                        chunk({"tool_calls": [{"index": k, "function": {"arguments": parts[j]}}]})
                        n += 1
            finish = "tool_calls"
        if script.get("cut"):
            self.close_connection = True
            return
        chunk({}, finish, {"x_groq": {"id": "req_" + uuid.uuid4().hex[:26],
                                       "usage": self.usage(body, n)}})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


def main():
    global KEY, SCRIPTS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--key")
    ap.add_argument("--scripts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "llm_scripts.json"))
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    KEY = a.key
    with open(a.scripts) as f:
        SCRIPTS = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    srv = Server((a.host, a.port), Handler)
    srv.verbose = a.verbose
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("llm-fake listening on %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
