"""Code run silently in every fresh kernel before any user code.

It defines, in the user namespace:
  set_result(obj)  return a JSON-serialisable value to the host (one per run; the last call wins).
                   The value travels as JSON text under a private display-data MIME type; the
                   host re-validates it (size, depth) and never unpickles anything.
  DATA_FILES       dict: file name -> path of each data file given to ``run(files=...)``, as seen
                   by the code (``/data/<name>`` inside the sandbox; read-only).
It also switches IPython tracebacks to plain text so errors reach a model without ANSI codes.
"""

from __future__ import annotations

from assistant.sandbox.bwrap import SANDBOX_FONT_CACHE
from assistant.sandbox.types import RESULT_MIME


def kernel_bootstrap(result_bytes: int) -> str:
    """Python source executed in the kernel once after start."""
    return f"""
def _hep_repro_bootstrap():
    import json as _json
    from IPython import get_ipython
    from IPython.display import publish_display_data

    shell = get_ipython()
    import glob as _glob, os as _os, shutil as _shutil
    _mpl = _os.environ.get("MPLCONFIGDIR")
    if _mpl and _os.path.isdir({SANDBOX_FONT_CACHE!r}):
        _os.makedirs(_mpl, exist_ok=True)
        for _path in _glob.glob({SANDBOX_FONT_CACHE!r} + "/fontlist-*.json"):
            _shutil.copy(_path, _mpl)
    try:
        shell.run_line_magic("colors", "nocolor")
    except Exception:
        pass

    def set_result(obj):
        '''Send a JSON-serialisable value back to the host (at most {result_bytes} bytes).'''
        text = _json.dumps(obj)
        if len(text.encode("utf-8")) > {result_bytes}:
            raise ValueError("set_result: value larger than {result_bytes} bytes of JSON; return a summary")
        publish_display_data({{{RESULT_MIME!r}: text}})

    def _hep_repro_set_data(mapping):
        shell.user_ns.setdefault("DATA_FILES", {{}}).update(mapping)

    shell.user_ns["set_result"] = set_result
    shell.user_ns["DATA_FILES"] = {{}}
    shell.user_ns["_hep_repro_set_data"] = _hep_repro_set_data
    shell.user_ns_hidden.update({{"set_result": set_result, "_hep_repro_set_data": _hep_repro_set_data}})

_hep_repro_bootstrap()
del _hep_repro_bootstrap
"""
