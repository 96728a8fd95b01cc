"""The PySide6 user interface: the only package that imports Qt.

PySide6 6.12 returns None from every void method and True from `Signal.emit()` without taking a
reference, which is harmless on Python 3.12+ (these objects are immortal there, PEP 683) but on
Python 3.11 drains their reference counts until the interpreter aborts with "none_dealloc" or
"bool_dealloc" (about one reference per Qt call; a few minutes of use). On 3.11 we give the
singletons the same effective immortality before any Qt call. No effect on 3.12 and later.
"""

from __future__ import annotations

import sys


def _immortalise_singletons() -> None:
    if sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return
    import ctypes

    for obj in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every PyObject in release builds of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_immortalise_singletons()
