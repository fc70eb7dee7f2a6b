"""The compiled parts of deck: the line breaker's inner loops (deck/_linebreak.c), the common
case of a kerned line's PDF operator (deck/_pdftext.c), kerned widths (deck/_measure.c) and a
paragraph's kept lines unpacked (deck/_typeset.c).

Everything else is in pyproject.toml. The extensions are optional: where no C compiler is at hand
the build goes on without them and deck uses the same code written in Python (deck/linebreak.py,
deck/pdftext.py, deck/measure.py, deck/typeset.py), which gives the same lines and the same PDF,
only slower.
"""
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """IEEE arithmetic as Python does it: no fused multiply-add (gcc and clang contract a * b + c
    by default on CPUs that have one, which changes the last bit, and so which lines win a tie)."""

    def build_extensions(self):
        if self.compiler.compiler_type in ("unix", "mingw32", "cygwin"):
            for extension in self.extensions:
                extension.extra_compile_args = ["-O2", "-ffp-contract=off"]
        super().build_extensions()


setup(
    ext_modules=[Extension("deck._linebreak", ["deck/_linebreak.c"], optional=True),
                 Extension("deck._pdftext", ["deck/_pdftext.c"], optional=True),
                 Extension("deck._measure", ["deck/_measure.c"], optional=True),
                 Extension("deck._typeset", ["deck/_typeset.c"], optional=True)],
    cmdclass={"build_ext": BuildExt},
)
