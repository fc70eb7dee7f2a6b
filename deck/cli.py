"""Command line -> the stages in deck/__init__.py. The only place that turns a DeckError into an exit code.

Exit codes: 0 success; 1 a problem in the user's files or options (a message, no traceback);
2 a command-line usage error (click's own).
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DeckError, DeckErrors

CONTENT_HELP = "Folder with deck.yaml and cards/ (default: the bundled Ontwikkelkaarten)."
LAYOUT_HELP = "A bundled layout name (see `deck layouts`) or the path of a layout .yaml file."


def user_errors(command):
    """Run `command`; a DeckError becomes a message on stderr and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DeckErrors as errors:
            for error in errors.errors:
                click.echo(f"error: {error}", err=True)
            click.echo(f"{len(errors.errors)} problem(s) found; nothing was written.", err=True)
            sys.exit(1)
        except DeckError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
    return wrapper


def content_option(command):
    return click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
                        help=CONTENT_HELP)(command)


def layout_option(command):
    return click.option("--layout", default="default", show_default=True, help=LAYOUT_HELP)(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deck")
def main():
    """Turn a deck of cards written as YAML into print-ready PDFs."""


@main.command()
@content_option
@layout_option
@user_errors
def check(content, layout):
    """Check the content and the layout; list every problem found."""
    from . import default_content
    from .content import load_deck
    from .layouts import load_layout

    problems: list[DeckError] = []
    deck = _collect(problems, load_deck, content or default_content())
    chosen = _collect(problems, load_layout, layout)
    if problems:
        raise DeckErrors(problems)
    for warning in chosen.warnings:
        _warn(warning)
    from .faces import fit_deck

    fitted = fit_deck(deck, chosen)  # the text must fit too, not only be well-formed
    sizes = sorted({card.front.body for card in fitted})
    click.echo(f"ok: {len(deck.cards)} cards and the layout '{layout}' are fine; "
               f"body text {sizes[0]:g} to {sizes[-1]:g} pt.")


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _collect(problems: list[DeckError], load, *args):
    try:
        return load(*args)
    except DeckErrors as errors:
        problems.extend(errors.errors)
    except DeckError as error:
        problems.append(error)
    return None


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The PDF to write (default: out/<deck title>.pdf).")
@click.option("--sheet", type=click.Choice(["a4", "a3", "letter"]), default=None,
              help="The paper to print on (default: the layout's sheet, A4).")
@click.option("--flip", type=click.Choice(["long", "short"]), default="long", show_default=True,
              help="How your printer turns the paper for two-sided printing.")
@click.option("--mode", type=click.Choice(["duplex", "fold", "single"]), default="duplex", show_default=True,
              help="duplex: fronts and backs on alternate pages; fold: front and back side by side "
                   "for single-sided printers; single: one face per page for print services.")
@content_option
@layout_option
@user_errors
def build(output, sheet, flip, mode, content, layout):
    """Build the whole deck as one print-ready PDF."""
    from . import build as build_deck

    path = build_deck(content, layout, output, sheet=sheet, flip=flip, mode=mode, warn=_warn)
    click.echo(f"wrote {path}")


@main.command()
@click.argument("card")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The PDF to write (default: out/<card label>-<number>.pdf).")
@click.option("--no-bleed", is_flag=True, help="Trim-size pages, for screens and e-mail.")
@content_option
@layout_option
@user_errors
def card(card, output, no_bleed, content, layout):
    """Export one card (its number, its id, or 'intro') as a two-page PDF: front, then back."""
    from . import build_card

    path = build_card(card, content, layout, output, bleed=not no_bleed, warn=_warn)
    click.echo(f"wrote {path}")


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
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write it (default: NAME.yaml in this folder).")
@user_errors
def new_layout(name, output):
    """Write a commented starting layout that extends the default."""
    from .files import write_atomic
    from .layouts import starter_layout

    target = output or Path(f"{name}.yaml")
    if target.exists():
        raise DeckError(f"{target} already exists; choose another name or remove it first")
    write_atomic(target, starter_layout(name).encode("utf-8"))
    click.echo(f"wrote {target}; use it with --layout {target}")


@main.command()
@click.argument("kind", type=click.Choice(["content", "deck", "layout"]))
def schema(kind):
    """Print the JSON Schema of card files (content), deck.yaml (deck) or layout files (layout)."""
    import json

    from .content import CARD, DECK
    from .layouts import LAYOUT

    rule = {"content": CARD, "deck": DECK, "layout": LAYOUT}[kind]
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"deck {kind} file", **rule.json_schema()}
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
