"""The rule tree LAYOUT -> the text of a starter layout, and a brand folder around it.

Generated, never hand-written, so the starter cannot drift from what `deck check` accepts: every
key appears with its meaning and deck's default, commented out.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml

from .errors import DeckError

FONTS_FOLDER = "fonts"
README = """\
{name}: a brand folder for deck

  layout.yaml   the layout: colours, fonts, logo. Remove the "# " before a setting (and before its
                section's name) to make it yours.
  fonts/        put your font files here (.ttf, .otf, .woff or .woff2; a variable font is fine),
                then name them in layout.yaml under fonts:, e.g.  regular: fonts/MyFont-Regular.ttf
  logo          put your logo next to layout.yaml (SVG or PDF stays sharp; PNG or JPEG at 300 dpi)
                and name it under logo:, e.g.  file: logo.svg

Check it:  deck check --layout {folder}
Build:     deck build --layout {folder}
"""


def starter(name: str) -> str:
    """A layout called `name` that extends the default, with every key commented out at its default
    and its meaning. To change a setting, remove the "# " in front of it and in front of its
    section's name; the indentation that is left is the right one."""
    from .layouts import LAYOUT, Section

    lines = [
        "# yaml-language-server: $schema=layout.schema.json",
        f"# {name}: every setting below shows deck's default. To change one, remove the \"# \" in front",
        "# of it and in front of its section's name (colours:, fonts:, logo: ...), then change the value.",
        "# Make the schema for your editor with:  deck schema layout > layout.schema.json",
        f"description: {_value(name)}",
        "extends: default",
        "",
    ]
    for key, spec in LAYOUT.fields.items():
        if key in ("description", "extends"):
            continue
        if isinstance(spec.rule, Section):
            lines.append(f"# {key}:")
            for child, field in spec.rule.fields.items():
                lines += _setting(child, field, "  ", key)
        else:
            lines += _setting(key, spec, "", key)
        lines.append("")
    return "\n".join(lines)


def _setting(key: str, field, indent: str, section: str) -> list[str]:
    """The setting's meaning as a comment that stays one when the setting is uncommented, then the
    setting at its default."""
    value = field.default if field.default is not None else _example(section, key)
    return ([f"# {indent}# {line}" for line in _wrapped(field.rule.doc, indent)]
            + [f"# {indent}{key}: {_value(value)}"])


def _example(section: str, key: str) -> str:
    """A value for a key without a default: what a user would write there."""
    return {("logo", "file"): "logo.svg", ("organisation", "organisation"): "My Organisation",
            ("colours", "muted"): "#5f5f5f", ("print", "output_profile"): "shop-profile.icc"}.get((section, key), "")


def _value(value) -> str:
    """A value as a user writes it on one line: plain where YAML allows, else in double quotes
    (as the README and deck's messages write colours), lists in brackets."""
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    plain = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    plain = plain.strip().removesuffix("...").strip()
    if isinstance(value, str) and plain != value:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
    return plain


def _wrapped(doc: str, indent: str) -> list[str]:
    return textwrap.wrap(doc, 94 - len(indent)) if doc else []


def write_brand_folder(folder: Path, name: str) -> Path:
    """NAME/layout.yaml, an empty NAME/fonts/ and a README saying what to drop where; refuses to
    write into an existing folder. Returns the layout's path."""
    from .folders import write_new_folder
    from .layouts import LAYOUT_FILE

    if folder.exists():
        raise DeckError(f"{folder} already exists; choose another name, or remove it first")

    def fill(made: Path) -> None:  # (whole or not at all: a full disk leaves no half a brand folder)
        (made / FONTS_FOLDER).mkdir()
        (made / "README.txt").write_bytes(README.format(name=name, folder=folder).encode("utf-8"))
        (made / LAYOUT_FILE).write_bytes(starter(name).encode("utf-8"))
    write_new_folder(folder, fill)
    return folder / LAYOUT_FILE
