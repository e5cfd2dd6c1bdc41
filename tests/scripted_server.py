"""A scripted OpenAI-compatible chat server on 127.0.0.1 for tests (real JSON over real HTTP).

Tests enqueue what the "model" says next; the server answers `/v1/chat/completions` with the
next queued reply and records every request, so tests exercise the real `openai` client path:

    with ScriptedServer() as server:
        server.enqueue_tool_call("search_corpus", {"query": "lepton pT"})
        server.enqueue_text("The thresholds are 20, 15 and 10 GeV [ev-123].")
        model = ChatModel(server.url, "scripted")
        ...
        assert server.requests[0]["tools"]

Replies can be plain text, tool calls (arguments as a dict or as a raw, possibly malformed
string), HTTP errors (`enqueue_error(500)`), delays (`delay=` on any reply, for timeouts) or a
callable `responder(request) -> Reply` that computes the reply from the request (e.g. cite an
evidence id that a tool returned earlier in the conversation).

Capabilities are emulated like real servers: by default the server behaves like llama.cpp's
(`json_schema` response format refused, `tool_choice="required"` answered with HTTP 500,
streaming with tools refused); `ScriptedServer(capabilities=VLLM_LIKE)` accepts all three.
Requests carrying the header `X-Hep-Repro-Probe: 1` are capability probes: they are answered
from the emulated capabilities and do not consume the queue (they are recorded in `probes`).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LLAMA_CPP_LIKE = {"json_schema": False, "tool_choice_required": False, "stream_with_tools": False}
VLLM_LIKE = {"json_schema": True, "tool_choice_required": True, "stream_with_tools": True}
PROBE_HEADER = "X-Hep-Repro-Probe"


@dataclass
class Reply:
    """One scripted answer. `status` != 200 sends an OpenAI-style error body instead."""

    content: str | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    error: str = ""
    delay: float = 0.0
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


Responder = Callable[[dict[str, Any]], Reply]


def tool_call(name: str, arguments: dict[str, Any] | str, call_id: str | None = None) -> dict[str, Any]:
    """An OpenAI tool call; a str `arguments` is sent verbatim (use it for malformed JSON)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {
        "id": call_id or f"call_{uuid.uuid4().hex[:8]}",
        "type": "function",
        "function": {"name": name, "arguments": args},
    }


def _count_tokens(value: Any) -> int:
    """A rough, deterministic token count (words) of everything in a request."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_count_tokens(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_tokens(v) for v in value)
    return 0


class ScriptedServer:
    """Threaded HTTP server; use as a context manager or call `start()`/`stop()`."""

    def __init__(
        self,
        capabilities: dict[str, bool] | None = None,
        model: str = "scripted-model",
        default: str | None = "(scripted server: no reply queued)",
    ) -> None:
        self.capabilities = dict(LLAMA_CPP_LIKE if capabilities is None else capabilities)
        self.model = model
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self.probes: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._queue: deque[Reply | Responder] = deque()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ------------------------------------------------------------------------
    def enqueue(self, reply: Reply | Responder) -> ScriptedServer:
        with self._lock:
            self._queue.append(reply)
        return self

    def enqueue_text(self, content: str, *, delay: float = 0.0) -> ScriptedServer:
        return self.enqueue(Reply(content=content, delay=delay))

    def enqueue_tool_call(
        self, name: str, arguments: dict[str, Any] | str, *, content: str | None = None, delay: float = 0.0
    ) -> ScriptedServer:
        return self.enqueue(Reply(content=content, tool_calls=[tool_call(name, arguments)], delay=delay))

    def enqueue_tool_calls(self, calls: list[tuple[str, dict[str, Any] | str]]) -> ScriptedServer:
        return self.enqueue(Reply(tool_calls=[tool_call(n, a) for n, a in calls]))

    def enqueue_error(self, status: int = 500, message: str = "scripted failure") -> ScriptedServer:
        return self.enqueue(Reply(status=status, error=message))

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            item = self._queue.popleft() if self._queue else None
        if item is None:
            if self.default is None:
                return Reply(status=500, error="scripted server: queue empty")
            return Reply(content=self.default)
        return item(request) if callable(item) else item

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL for the OpenAI client (ends in /v1)."""
        if self._httpd is None:
            raise RuntimeError("scripted server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ScriptedServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="scripted-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling -----------------------------------------------------------------
    def _refusal(self, request: dict[str, Any]) -> tuple[int, str] | None:
        """What a llama.cpp-like server refuses (status, message), or None."""
        caps = self.capabilities
        fmt = request.get("response_format") or {}
        if fmt.get("type") == "json_schema" and not caps.get("json_schema"):
            return 400, "response_format json_schema is not supported"
        if request.get("tool_choice") == "required" and not caps.get("tool_choice_required"):
            return 500, "tool_choice 'required' is not supported"
        if request.get("stream") and request.get("tools") and not caps.get("stream_with_tools"):
            return 400, "streaming with tools is not supported"
        return None

    def _probe_reply(self, request: dict[str, Any]) -> Reply:
        fmt = request.get("response_format") or {}
        if request.get("tools"):
            name = request["tools"][0]["function"]["name"]
            return Reply(tool_calls=[tool_call(name, {})])
        if fmt.get("type") in ("json_schema", "json_object"):
            return Reply(content='{"ok": true}')
        return Reply(content="ok")

    def completion_body(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.tool_calls:
            message["tool_calls"] = reply.tool_calls
        prompt = (
            reply.prompt_tokens if reply.prompt_tokens is not None else _count_tokens(request.get("messages"))
        )
        completion = (
            reply.completion_tokens
            if reply.completion_tokens is not None
            else _count_tokens(reply.content or "") + _count_tokens(reply.tool_calls)
        )
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model") or self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "tool_calls" if reply.tool_calls else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }


class _Handler(BaseHTTPRequestHandler):
    owner: ScriptedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence access log
        return

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, status: int, message: str) -> None:
        self._send_json(status, {"error": {"message": message, "type": "scripted_error", "code": status}})

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            model = self.owner.model
            self._send_json(
                200, {"object": "list", "data": [{"id": model, "object": "model", "owned_by": "test"}]}
            )
        else:
            self._send_error(404, f"no route {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_error(404, f"no route {self.path}")
            return
        try:
            request = json.loads(raw)
        except json.JSONDecodeError:
            self._send_error(400, "request body is not JSON")
            return
        owner = self.owner
        is_probe = self.headers.get(PROBE_HEADER) == "1"
        refusal = owner._refusal(request)
        if is_probe:
            owner.probes.append(request)
            if refusal:
                self._send_error(*refusal)
                return
            reply = owner._probe_reply(request)
        else:
            owner.requests.append(request)
            owner.headers.append(dict(self.headers))
            if refusal:
                self._send_error(*refusal)
                return
            reply = owner._next(request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            self._send_error(reply.status, reply.error or "scripted error")
            return
        body = owner.completion_body(request, reply)
        if request.get("stream"):
            self._send_stream(body)
        else:
            self._send_json(200, body)

    def _send_stream(self, body: dict[str, Any]) -> None:
        """Server-sent events: one delta with the whole message, then a final chunk."""
        message = body["choices"][0]["message"]
        delta: dict[str, Any] = {"role": "assistant", "content": message.get("content")}
        if message.get("tool_calls"):
            delta["tool_calls"] = [dict(call, index=i) for i, call in enumerate(message["tool_calls"])]
        chunks = [
            {
                **body,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            },
            {
                **body,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {}, "finish_reason": body["choices"][0]["finish_reason"]}],
            },
        ]
        payload = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"
        data = payload.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
