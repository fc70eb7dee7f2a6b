"""OpenTaal's Dutch Hunspell dictionary (nl.dic + nl.aff) -> deck/data/nl-words.marisa.

The word list behind deck's Dutch compound splitting (deck/compounds.py): every word form the
dictionary accepts (stems with their prefixes and suffixes, one level deep), lowercased, letters
only. OpenTaal's dictionary lists most compounds whole, and hyphenation patterns do not know where
the members of a compound join, so the members are found by looking the parts up in this list.

Made with Debian's hunspell-nl package (OpenTaal 2.20.19, BSD or CC BY 3.0; see
NOTICE-OpenTaal.txt):

    apt-get install hunspell-nl
    python deck/data/make_nl_words.py /usr/share/hunspell/nl.dic /usr/share/hunspell/nl.aff

The output is a marisa trie: memory-mapped when read, so loading it costs nothing.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# OpenTaal writes the Dutch ij as one character and its apostrophe typographically.
_NORMAL = str.maketrans({"ĳ": "ij", "Ĳ": "IJ", "’": "'"})


def _rules(aff: str) -> dict[str, tuple[str, bool, list]]:
    """flag -> (SFX or PFX, cross product allowed, [(strip, add, condition)])."""
    rules: dict[str, tuple[str, bool, list]] = {}
    for line in aff.splitlines():
        parts = line.split()
        if len(parts) < 4 or parts[0] not in ("SFX", "PFX"):
            continue
        kind, flag = parts[0], parts[1]
        if flag not in rules and parts[2] in ("Y", "N") and parts[3].isdigit():
            rules[flag] = (kind, parts[2] == "Y", [])
        elif flag in rules and len(parts) >= 5:
            strip, add, condition = parts[2], parts[3].split("/")[0], parts[4]
            anchored = None if condition == "." else re.compile(condition + "$" if kind == "SFX" else "^" + condition)
            rules[flag][2].append(("" if strip == "0" else strip, "" if add == "0" else add, anchored))
    return rules


def _forms(word: str, flags: list[str], rules: dict) -> set[str]:
    forms, suffixed, prefixes = {word}, [], []
    for flag in flags:
        kind, cross, entries = rules.get(flag, ("", False, ()))
        for strip, add, condition in entries:
            if condition is not None and not condition.search(word):
                continue
            if kind == "SFX" and word.endswith(strip):
                form = word[:len(word) - len(strip)] + add
                forms.add(form)
                if cross:
                    suffixed.append(form)
            elif kind == "PFX" and word.startswith(strip):
                forms.add(add + word[len(strip):])
                if cross:
                    prefixes.append((add, len(strip)))
    forms.update(add + form[strip:] for add, strip in prefixes for form in suffixed)
    return forms


def words(dic: str, aff: str) -> list[str]:
    rules = _rules(aff.translate(_NORMAL))
    found: set[str] = set()
    for line in dic.translate(_NORMAL).splitlines()[1:]:
        entry = line.split("\t")[0].strip()
        if entry:
            word, _, flags = entry.partition("/")
            found |= _forms(word, [flags[i:i + 2] for i in range(0, len(flags), 2)], rules)
    return sorted({form.lower() for form in found if form.isalpha() and len(form) >= 2})


def main(dic_path: str, aff_path: str) -> None:
    import marisa_trie

    forms = words(Path(dic_path).read_text(encoding="utf-8"), Path(aff_path).read_text(encoding="utf-8"))
    target = Path(__file__).with_name("nl-words.marisa")
    marisa_trie.Trie(forms).save(str(target))
    print(f"{len(forms)} word forms -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
