"""Command line -> the stages in deck/__init__.py. The only place that turns a DeckError into an exit code.

Exit codes: 0 success; 1 a problem in the user's files or options (a message, no traceback);
2 a command-line usage error (click's own); 130 stopped with Ctrl-C; 141 the program reading the
output stopped reading (`deck layouts | head -1`), as for any command the pipe ends.
"""
from __future__ import annotations

import atexit
import functools
import gc
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DeckError, DeckErrors
from .folders import shown, starter_languages

CONTENT_HELP = ("Folder with deck.yaml and cards/ (default: the deck folder you are in, else the bundled "
                "Ontwikkelkaarten).")
LAYOUT_HELP = ("A bundled layout name (see `deck layouts`) or the path of a layout .yaml file (default: "
               "the layout deck.yaml names, else 'default').")

# At exit Python runs its cycle collector over every object still alive (the modules, the fonts,
# the hyphenation patterns) just before the process hands all its memory back anyway: about 15 ms
# of a 0.35 s build. Frozen objects are left out of those collections; files are closed and
# streams flushed as before.
atexit.register(gc.freeze)


def user_errors(command):
    """Run `command`; a DeckError (or an OSError, which names its file) becomes a message on stderr
    and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DeckError as error:
            _fail(error, writes=command.__name__ not in READ_ONLY)
        except BrokenPipeError:  # the reader of the output went away: nothing is wrong, and no one hears
            _output_gone()
        except OSError as error:  # a file the user named, or the disk: still the user's to mend
            place = f"{error.filename}: " if error.filename else ""
            _fail(DeckError(f"{place}{error.strerror or error}"))
    return wrapper


class SilencedOutput(Exception):
    """The command's files are written, but standard output could not take what it says (a full
    disk behind `deck card 1 > log`)."""

    def __init__(self, error: OSError):
        super().__init__(error.strerror or str(error))


PIPE_CLOSED = 141  # what a shell reports for a command the end of its pipe stopped (128 + SIGPIPE)


def _output_gone():
    """The program reading deck's output stopped reading (`deck layouts | head -1`): end quietly, as
    any command does there, with what is still to be printed let go (stdout and stderr point
    nowhere, so no flush at exit complains). Files deck wrote are whole either way."""
    import os

    nowhere = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(nowhere, stream.fileno())
        except (OSError, ValueError):  # (not a real file: nothing to redirect)
            pass
    os.close(nowhere)
    sys.exit(PIPE_CLOSED)


READ_ONLY = ("check", "layouts", "studio")  # commands that write no file: no 'nothing was written' after a problem


def _fail(error: DeckError, writes: bool = True):
    _close_progress()
    from .copyfit import TooLong

    for problem in error.errors:
        text = str(problem)
        if isinstance(problem, TooLong):  # (on the command line: how to see it)
            text += f"; to see where it runs over: deck card {problem.card or 'intro'} --show-overflow" + \
                _same_deck_options()
        click.echo(f"error: {printable(text)}", err=True)
    click.echo(f"{problems_found(len(error.errors))}{'; nothing was written' if writes else ''}.", err=True)
    sys.exit(1)


def _same_deck_options() -> str:
    """The --content and --layout this command was given, for a command it suggests to run next."""
    context = click.get_current_context(silent=True)
    if context is None:
        return ""
    given = [name for name in ("content", "layout") if context.params.get(name)
             and context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
    return "".join(f" --{name} {_quoted(context.params[name])}" for name in given)


def problems_found(count: int) -> str:
    return "1 problem found" if count == 1 else f"{count} problems found"


def printable(text: str) -> str:
    """`text` with control and format characters shown as escapes (\\x1b, \\u202e): text from the
    user's files must never steer the terminal. Line breaks stay, so several problems stay lines."""
    import unicodedata

    def escaped(char: str) -> str:
        if char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return char
        return repr(char)[1:-1]
    return "".join(map(escaped, text))


def _close_progress() -> None:
    context = click.get_current_context(silent=True)
    if context is not None and isinstance(context.obj, Output):
        context.obj.close()


def content_option(command):
    """--content, else the deck folder the command runs in (None: the bundled deck)."""
    def found(context, parameter, value):
        from .folders import find_deck

        return value or find_deck()
    return click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
                        callback=found, help=CONTENT_HELP)(command)


def layout_option(command):
    return click.option("--layout", default=None, help=LAYOUT_HELP)(command)


def which(content: Path | None) -> str:
    """The deck a command used, as its message names it."""
    return f"the deck in {content.resolve()}" if content else "the bundled deck"


class Number(click.FloatRange):
    """Number(low, high): a number between the two; click's FloatRange lets nan through (it compares
    false with both ends), and 'nan' then failed deep in the command."""

    def convert(self, value, parameter, context):
        number = super().convert(value, parameter, context)
        if number != number:  # (nan)
            self.fail(f"{value!r} is not a number.", parameter, context)
        return number


class Commands(click.Group):
    """deck's commands: Ctrl-C anywhere in one exits 130 with our words, not click's "Aborted!"."""

    def invoke(self, context):
        try:
            return super().invoke(context)
        except KeyboardInterrupt as stop:
            code = getattr(stop, "code", 130)  # (130 for Ctrl-C; SIGTERM and SIGHUP: command.Stopped)
        except Exception as error:  # (one raised while Python was stopping for Ctrl-C, e.g. by a half-imported module)
            stop = interrupted(error)
            if not stop:
                raise
            code = getattr(stop, "code", 130)
        _close_progress()
        click.echo(STOPPED, err=True)
        raise click.exceptions.Exit(code) from None


STOPPED = "stopped; nothing was written."


def interrupted(error: BaseException | None) -> KeyboardInterrupt | None:
    """Ctrl-C's KeyboardInterrupt (or a stop by a signal), if `error` is one or was raised while
    handling one."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deck")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the body sizes and the time of each stage.")
@click.pass_context
def main(context, quiet, verbose):
    """Turn a deck of cards written as YAML into print-ready PDFs."""
    context.obj = Output(quiet=quiet, verbose=verbose and not quiet)


class Output:
    """What the commands tell the user: results unless --quiet, details with --verbose, a progress
    bar when a build runs longer than a second and stderr is a terminal."""

    DELAY = 1.0  # seconds before a progress bar appears

    def __init__(self, quiet: bool = False, verbose: bool = False):
        import time

        self.quiet, self.verbose = quiet, verbose
        self.started = time.monotonic()
        self.bar = None
        self.shown: bool | None = None  # whether a progress bar may show (on a terminal, not quiet)

    def done(self, message: str) -> None:
        self.close()
        if not self.quiet:
            try:
                click.echo(printable(message))
            except BrokenPipeError:
                raise
            except OSError as error:  # (a full disk behind `> file`: what was written stays written)
                raise SilencedOutput(error) from None

    def warn(self, message: str) -> None:
        click.echo(f"warning: {printable(message)}", err=True)

    def error(self, message: str) -> None:
        click.echo(f"error: {printable(message)}", err=True)

    def detail(self, message: str) -> None:
        if self.verbose:
            click.echo(printable(message), err=True)

    def progress(self, stage: str, done: int, total: int) -> None:
        import time

        if self.shown is None:  # asked once: a build of 1000 cards reports some 5000 steps
            self.shown = not self.quiet and sys.stderr.isatty()
        if not self.shown:
            return
        if self.bar is None and time.monotonic() - self.started > self.DELAY:
            self.bar = click.progressbar(length=total, label=stage, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            if self.bar.label != stage or self.bar.length != total:
                self.bar.label, self.bar.length, self.bar.pos = stage, total, 0
            self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@content_option
@layout_option
@click.pass_obj
@user_errors
def check(out, content, layout):
    """Check the content and the layout; list every problem found."""
    from . import body_sizes, deck_warnings, default_content, fitted, sheet_plan
    from .content import load_deck, named_layout
    from .layouts import layout_near, load_layout

    problems: list[DeckError] = []
    deck = _collect(problems, load_deck, content or default_content())
    if layout is None:  # (the deck's own, also when its cards have problems: every problem at once)
        layout = str(deck.layout) if deck is not None else named_layout(content or default_content())
    else:
        layout = layout_near(layout, content or default_content())
    chosen = _collect(problems, load_layout, layout) if layout else None
    if problems:
        raise DeckErrors(problems)
    for warning in deck_warnings(deck, chosen):
        out.warn(warning)
    from .copyfit import body_range

    cards = fitted(deck, chosen)  # the text must fit too, not only be well-formed
    _collect(problems, sheet_plan, chosen, len(cards))  # and the cards must fit the layout's sheet
    from .fonts import check_subsets

    problems += check_subsets(chosen, deck.characters)  # and the fonts must go into the PDF
    if problems:
        raise DeckErrors(problems)
    _say_sizes(out, body_sizes(cards))
    out.done(f"ok: {len(deck.cards)} cards and the layout '{_layout_name(chosen)}' are fine; "
             f"body text {body_range(cards)} ({which(content)}).")


def _say_sizes(out, sizes: dict[int, tuple[float, float]]) -> None:
    """With --verbose: each card's body sizes."""
    from .face import INTRO

    for number, (front, back) in sizes.items():
        card = "the intro card" if number == INTRO else f"card {number}"
        out.detail(f"{card}: body {front:g} pt on the front, {back:g} pt on the back")


def _layout_name(layout) -> str:
    """A bundled layout by its name, another by its path."""
    from .layouts import bundled_layouts

    return layout.path.stem if bundled_layouts().get(layout.path.stem) == layout.path else shown(layout.path)


def _collect(problems: list[DeckError], load, *args):
    try:
        return load(*args)
    except DeckError as error:
        problems.extend(error.errors)
    return None


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The PDF to write (default: out/<deck title>.pdf, with the layout, sheet, mode or flip "
                   "added to the name where they are not the deck's own).")
@click.option("--sheet", type=click.Choice(["a4", "a3", "letter"], case_sensitive=False), default=None,
              help="The paper to print on (default: the layout's sheet, A4).")
@click.option("--flip", type=click.Choice(["long", "short"], case_sensitive=False), default="long", show_default=True,
              help="How your printer turns the paper for two-sided printing.")
@click.option("--mode", type=click.Choice(["duplex", "fold", "single"], case_sensitive=False), default="duplex",
              show_default=True,
              help="duplex: fronts and backs on alternate pages; fold: front and back side by side "
                   "for single-sided printers; single: one face per page for print services.")
@content_option
@layout_option
@click.pass_obj
@user_errors
def build(out, output, sheet, flip, mode, content, layout):
    """Build the whole deck as one print-ready PDF."""
    from . import build as build_deck

    timings: dict[str, float] = {}
    sizes: dict[int, tuple[float, float]] = {}
    path = build_deck(content, layout, output, sheet=sheet, flip=flip, mode=mode, warn=out.warn,
                      timings=timings, progress=out.progress, sizes=sizes)
    _say_sizes(out, sizes)
    out.detail("  ".join(f"{stage} {seconds * 1000:.0f} ms" for stage, seconds in timings.items()))
    out.done(f"wrote {shown(path)} from {which(content)}")


@main.command()
@click.argument("card")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The PDF to write (default: out/<card label>-<number>.pdf, with the layout added where it "
                   "is not the deck's own); with --png, the folder.")
@click.option("--no-bleed", is_flag=True, help="Trim-size pages, for screens and e-mail.")
@click.option("--png", is_flag=True, help="Each face as a PNG image: with bleed, for print services; with "
                                          "--no-bleed, trimmed, for slides and e-mail.")
@click.option("--dpi", type=Number(36, 1200), default=300, show_default=True,
              help="The resolution of --png images (print services ask for 300).")
@click.option("--show-overflow", is_flag=True,
              help="For a card too long: a PDF of its faces at the smallest size, running on below the card as "
                   "far as the text goes, to see what to cut.")
@content_option
@layout_option
@click.pass_obj
@user_errors
def card(out, card, output, no_bleed, png, dpi, show_overflow, content, layout):
    """Export one card (its number, its id, or 'intro') as a two-page PDF: front, then back."""
    from . import build_card, card_images

    if show_overflow:
        from . import card_overflow

        path, notes = card_overflow(card, content, layout, output, warn=out.warn)
        if path is None:
            out.done(f"card {card} fits: nothing runs over, so nothing was written; deck card {card} writes it")
        else:
            out.done(f"wrote {shown(path)} from {which(content)}: " + "; ".join(notes))
        return

    if png:
        if output is not None and output.suffix.lower() in (".png", ".pdf") and not output.is_dir():
            raise DeckError(f"with --png, -o names the folder both faces go into (a front and a back image), "
                            f"not a file: for example -o {output.with_suffix('')}/")
        for path in card_images(card, output, dpi, content, layout, warn=out.warn, bleed=not no_bleed):
            out.done(f"wrote {shown(path)} from {which(content)}")
        return
    if output is not None and output.suffix.lower() in (".png", ".jpg", ".jpeg"):
        raise DeckError(f"deck card writes a PDF; for images add --png, which writes both faces as PNG images into "
                        f"a folder: deck card {card} --png -o {output.with_suffix('')}/")
    path = build_card(card, content, layout, output, bleed=not no_bleed, warn=out.warn)
    out.done(f"wrote {shown(path)} from {which(content)}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The PNG to write (default: out/<deck title>-preview.png).")
@content_option
@layout_option
@click.pass_obj
@user_errors
def preview(out, output, content, layout):
    """One PNG of every face, fronts above their backs, labelled; opens nothing."""
    from . import build_preview

    path = build_preview(content, layout, output, warn=out.warn, progress=out.progress)
    out.done(f"wrote {shown(path)} from {which(content)}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The PDF to rebuild (default: out/<deck title>.pdf); the preview goes beside it.")
@click.option("--interval", type=Number(0.1, 3600), default=0.5, show_default=True,
              help="Seconds between looks.")
@content_option
@layout_option
@click.pass_obj
def watch(out, output, interval, content, layout):
    """Rebuild the deck and its preview whenever a content or layout file changes (Ctrl-C stops)."""
    from .watch import watch as watch_files

    try:
        watch_files(content, layout, output, interval, out)
    except KeyboardInterrupt as stop:
        out.done("stopped watching.")
        sys.exit(getattr(stop, "code", 130))


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--layout", default=None, help=LAYOUT_HELP)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="The port to listen on (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
@click.pass_obj
@user_errors
def studio(out, folder, layout, port, no_browser):
    """Edit the deck in FOLDER (default: the deck folder you are in) in your browser, the printed card
    beside the form."""
    from .folders import find_deck
    from .studio.server import serve

    folder = folder or find_deck()
    if folder is None:
        raise DeckError("there is no deck folder here; name one (deck studio my-deck) or make one with "
                        "deck new my-deck")
    code = serve(folder, layout, port, open_browser=not no_browser, say=lambda text: click.echo(text))
    out.done("studio stopped; every save is in its file.")
    sys.exit(code)  # it stops only when stopped: Ctrl-C (130), as every command, or a signal (command.Stopped)


@main.command()
@user_errors
def layouts():
    """List the bundled layouts, one line each."""
    from .layouts import bundled_layouts, describe

    layouts = bundled_layouts()
    width = max(map(len, layouts))
    for name, path in layouts.items():
        click.echo(f"{name:{width}}  {describe(path)}")


@main.command("new-layout")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The brand folder to make (default: NAME in this folder).")
@user_errors
def new_layout(name, output):
    """Make a brand folder: NAME/layout.yaml with every setting and its default, NAME/fonts/ for your
    font files, and a README saying what to drop where."""
    from .new_layout import write_brand_folder

    folder = output or Path(name)
    layout = write_brand_folder(folder, name)
    click.echo(printable(f"wrote {layout}; put your fonts in {folder / 'fonts'} and your logo next to the "
                         f"layout, then use it with --layout {folder}"))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--language", default="nl-NL", show_default=True, callback=lambda context, parameter, value:
              _starter_language(value),
              help=f"The language of the deck and of its example texts: {', '.join(starter_languages())}, or "
                   "another region of one of them (fr-BE, de-AT, en-CA ...).")
@click.pass_obj
@user_errors
def new(out, folder, language):
    """Start a deck of your own: a folder with deck.yaml, two example cards, a layout and a README."""
    from .folders import new_deck

    written = new_deck(folder, language)
    out.done(f"wrote the deck folder {folder}: {', '.join(written)}\n{_build_it(folder)}")


def _starter_language(value: str) -> str:
    from .folders import starter_for

    if starter_for(value) is None:
        raise click.BadParameter(f"there is no starter deck in '{value}'; choose one of "
                                 f"{', '.join(starter_languages())}, or another region of one of them (fr-BE ...)")
    return value


def _build_it(folder: Path) -> str:
    if Path(folder).resolve() == Path.cwd().resolve():
        return "build it with:  deck build"
    return f"build it with:  cd {_quoted(folder)} && deck build"


def _quoted(path: Path) -> str:
    """A path as a command to copy names it: in double quotes where it holds a space or a quote (as
    every shell reads them, PowerShell and cmd too), in single ones where double would let a shell
    read something in it; './' before a name a command would take for an option."""
    import re
    import shlex

    text = str(path)
    if text.startswith("-"):
        text = "./" + text
    if re.fullmatch(r"[\w./:\\+,=@%-]+", text):
        return text
    return f'"{text}"' if not re.search(r'["$`\\!]', text) else shlex.quote(text)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@content_option
@click.pass_obj
@user_errors
def export(out, file, content):
    """Write the deck's texts to a spreadsheet: FILE.xlsx (Excel) or FILE.csv (two CSV files)."""
    from . import default_content
    from .content import load_deck
    from .exchange import export_deck

    deck = load_deck(content or default_content())
    written = export_deck(deck, file)
    out.done(f"wrote {' and '.join(map(shown, written))} from {which(content)} ({len(deck.cards)} cards)\n"
             f"after editing, make a deck of it with:  deck import {_quoted(file)} NEW-FOLDER")


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_obj
@user_errors
def import_(out, file, folder):
    """Make a new deck folder from a spreadsheet that deck export wrote (.xlsx or .csv)."""
    from .exchange import import_deck

    count = import_deck(file, folder, warn=out.warn)
    out.done(f"wrote the deck folder {folder} from {file} ({count} cards, with the default layout)\n"
             f"{_build_it(folder)}")


@main.command()
@click.argument("kind", type=click.Choice(["content", "deck", "layout"], case_sensitive=False))
def schema(kind):
    """Print the JSON Schema of card files (content), deck.yaml (deck) or layout files (layout)."""
    import json

    from .content import CARD, DECK
    from .layouts import LAYOUT

    rule = {"content": CARD, "deck": DECK, "layout": LAYOUT}[kind]
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"deck {kind} file", **rule.json_schema()}
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _quiet_here(context, param, value) -> None:
    if value:
        context.obj.quiet, context.obj.verbose = True, False


def _verbose_here(context, param, value) -> None:
    if value and not context.obj.quiet:
        context.obj.verbose = True


# -q and -v after the command's name too (deck build -q), as people type them; deck's own (deck -q
# build) stay what --help shows
for _command in main.commands.values():
    _command.params += [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_quiet_here,
                     help="Print only warnings and errors (as deck -q)."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_verbose_here,
                     help="Also print the body sizes and the time of each stage (as deck -v).")]


def run() -> None:
    """The `deck` command: main(), then the process ends at once. Python would otherwise free every
    object still alive one by one (the fonts, the patterns, what the last command made) before the
    system takes the memory back whole: 5 ms of the bundled deck's build, 20-40 ms at 1000 cards
    (mypy ends the same way). The exit functions still run (deck keeps its caches there) and the
    output is flushed first; the exit code is the one main() gave."""
    import os

    from .collector import ends_at_once
    from .command import stop_on_signals

    stop_on_signals()  # (again, for `python -m deck.cli`, which does not start through deck.command)
    ends_at_once()
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code
    except SilencedOutput as silenced:
        print(f"error: the output is written, but what deck says about it could not be: {silenced}", file=sys.stderr)
        code = 1
    except OSError as error:  # standard output refused --help, --version or a command's text (a full disk)
        if error.filename is not None or isinstance(error, BrokenPipeError):
            raise
        print(f"error: cannot write deck's output: {error.strerror or error}; nothing was written", file=sys.stderr)
        code = 1
    except KeyboardInterrupt as stop:  # (between commands: within one, main() says so and exits 130)
        code = getattr(stop, "code", 130)
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python shows it
        print(code, file=sys.stderr)
        code = 1
    stop_on_signals(let_pass=True)  # (the command is over: a SIGTERM now would only break off the exit's cache writes)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (deck ... | head) or stream: nothing more to say
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    run()
