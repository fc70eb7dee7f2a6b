"""HTTP requests -> the studio's pages and actions: the deck, a card, the brand, printing.

Routes only: each reads the request, asks cards.py, brand.py or deck's own functions, and answers
with a page or JSON. Work that fits or draws runs in a thread under the workspace's lock.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import sheet_plan
from ..face import INTRO
from ..copyfit import TOO_LONG_ADVICE, body_range, fit_deck
from ..errors import DeckError
from ..impose import STANDARD_SHEETS
from ..units import MM
from . import brand, cardform, cards, introform, printing
from .render import PREVIEW_DPI, THUMBNAIL_DPI, FaceImages
from .security import Gate, TooLarge
from .workspace import Conflict, Workspace

HERE = Path(__file__).resolve().parent


class Studio:
    """The state a running studio keeps: the deck folder and the faces rendered so far."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.faces = FaceImages()
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters["swatch"] = brand.swatch

    async def work(self, function, *args):
        """Run `function` in a thread, one at a time (fonts and pdfium are shared)."""
        def locked():
            with self.workspace.lock:
                return function(*args)
        return await run_in_threadpool(locked)

    def page(self, request: Request, name: str, **context) -> Response:
        context.setdefault("deck_title", self._title())
        context.setdefault("face_ratio", self._face_ratio())
        response = self.templates.TemplateResponse(request, name, {"page": name.split(".")[0], **context})
        # a page shows files as they are now: the browser's Back button must ask again, not show a
        # copy from before a save (a stale card list let a reorder start from an old order)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _face_ratio(self) -> str:
        """A face's width / height with bleed, so the page keeps room for images still loading."""
        try:
            layout = self.workspace.layout()
        except DeckError:
            return "154 / 216"
        size = layout.card.grown(layout.bleed)
        return f"{size.width:.1f} / {size.height:.1f}"

    def _title(self) -> str:
        try:
            return self.workspace.deck().title
        except DeckError:
            return self.workspace.folder.name

    # -- the deck page ------------------------------------------------------------------------------

    async def deck_page(self, request: Request) -> Response:
        return self.page(request, "deck.html", **await self.work(self._deck_view))

    def _deck_view(self) -> dict:
        """Every card with its faces; when the deck does not fit or check, its problems and the
        cards without faces, so that the card to mend can still be opened."""
        workspace = self.workspace
        versions = {path.name: workspace.version(path) for path in workspace.card_files()}
        kept = cards.deleted(workspace)
        try:
            deck = workspace.deck()
        except DeckError as error:
            return {"problems": [str(problem) for problem in error.errors], "tiles": [], "versions": versions,
                    "deleted": kept}
        tiles = [{"number": card.number, "title": card.title, "intro": False, "file": card.path.name,
                  "stem": card.path.stem} for card in deck.cards]
        try:
            layout = workspace.layout()
            fitted = fit_deck(deck, layout)
        except DeckError as error:
            return {"problems": [str(problem) for problem in error.errors], "tiles": tiles, "versions": versions,
                    "deleted": kept}
        keys = dict(zip((card.number for card in fitted), self.faces.keys(deck, layout, fitted, THUMBNAIL_DPI)))
        intro = {"number": INTRO, "title": deck.title, "intro": True, "file": "", "stem": ""}
        for tile in [intro, *tiles]:
            tile["front"], tile["back"] = keys[tile["number"]]
        return {"tiles": [intro, *tiles], "versions": versions, "problems": [], "deleted": kept,
                "summary": f"{len(deck.cards)} cards · body text {body_range(fitted)}"}

    async def reorder(self, request: Request) -> Response:
        form = await request.form()
        order = list(form.getlist("order"))
        versions = {key[len("version."):]: value for key, value in form.items() if key.startswith("version.")}
        try:
            await self.work(cards.reorder, self.workspace, order, versions)
        except Conflict as error:
            return JSONResponse({"message": error.message}, status_code=409)
        except DeckError as error:
            return JSONResponse({"message": str(error)}, status_code=422)
        return JSONResponse({"ok": True})

    # -- the card page ------------------------------------------------------------------------------

    def _card(self, stem: str):
        """The card whose file is cards/<stem>.yaml, or None for a new card."""
        if stem == "new":
            return None
        for card in self.workspace.deck().cards:
            if card.path.stem == stem:
                return card
        raise HTTPException(404, f"there is no card file {stem}.yaml in this deck")

    def _card_source(self, stem: str, number: int | None = None) -> tuple[Path, str]:
        card = self._card(stem)
        if card is None:
            deck = self.workspace.deck()
            number = number or max((c.number for c in deck.cards), default=0) + 1
            return self.workspace.folder / "cards" / f"{number:02d}-new.yaml", cards.blank(number)
        return card.path, self.workspace.read(card.path)

    async def card_page(self, request: Request) -> Response:
        stem = request.path_params["stem"]
        view = await self.work(self._card_view, stem)
        return self.page(request, "card.html", **view)

    def _card_view(self, stem: str) -> dict:
        path, text = self._card_source(stem)
        values = yaml.safe_load(text) or {}
        if stem == "new":  # nothing to show or to complain about until something is typed
            values = cards.new_card(values["number"], self.workspace.deck())
            result = cards.Result(text)
        else:
            result = cards.attempt(self.workspace, path, text, cardform.as_posted(values))
        stems = [card.path.stem for card in self.workspace.deck().cards]
        place = stems.index(stem) if stem in stems else len(stems)
        return {"stem": stem, "new": stem == "new", "number": values.get("number"),
                "version": self.workspace.version(path) if stem != "new" else "",
                "file": path.relative_to(self.workspace.folder).as_posix() if stem != "new" else "",
                "sides": cardform.form(values), "preview": self._preview_json(result),
                "taken": [card.id for card in self.workspace.deck().cards] if stem == "new" else [],
                "previous": stems[place - 1] if place > 0 else None,
                "following": stems[place + 1] if place + 1 < len(stems) else None}

    async def card_preview(self, request: Request) -> Response:
        posted = await _form(request)
        return JSONResponse(await self.work(self._card_preview, request.path_params["stem"], posted))

    def _card_preview(self, stem: str, posted: dict) -> dict:
        path, text = self._card_source(stem, _number(posted))
        return self._preview_json(cards.attempt(self.workspace, path, text, posted))

    def _preview_json(self, result: cards.Result) -> dict:
        answer = {"problems": [vars(problem) for problem in result.problems], "faces": None, "body": None}
        if result.fitted is not None:
            front, back = self.faces.keys(result.deck, self.workspace.layout(), [result.fitted], PREVIEW_DPI)[0]
            answer["faces"] = {"front": f"/face/{front}.jpg", "back": f"/face/{back}.jpg"}
            answer["body"] = {"front": result.fitted.front_body, "back": result.fitted.back_body}
        elif result.overflow:  # a card too long: where its text runs over the card's edge
            front, back = self.faces.overflow_keys(result.deck, self.workspace.layout(), result.overflow, PREVIEW_DPI)
            answer["faces"] = {"front": f"/face/{front}.jpg", "back": f"/face/{back}.jpg"}
            answer["overflow"] = True
        return answer

    async def card_save(self, request: Request) -> Response:
        posted = await _form(request)
        status, answer = await self.work(self._card_save, request.path_params["stem"], posted)
        return JSONResponse(answer, status_code=status)

    def _card_save(self, stem: str, posted: dict) -> tuple[int, dict]:
        path, text = self._card_source(stem, _number(posted))
        result = cards.attempt(self.workspace, path, text, posted)
        where = (lambda: self.workspace.new_card_path(result.card.number, result.card.id)) if stem == "new" else \
            (lambda: path)
        status, answer = self._saved(result, where, posted, "the card")
        if status == 200 and result.tidied:  # (the page shows the card again as saved)
            answer["tidied"] = True
            answer["message"] = f"Saved; {'; '.join(result.tidied)}"
        return status, answer

    def _saved(self, result, where, posted: dict, what: str) -> tuple[int, dict]:
        """A page's checked text (`result`) written to the file `where()` names, if it has no problem
        and the file is still the version the page was opened on (or the user chose to overwrite it):
        the status and answer of the save, as card and intro pages take them."""
        if result.problems:
            answer = self._preview_json(result)
            answer["message"] = f"Not saved: {what} has problems, shown beside their fields."
            return 422, answer
        try:
            path = where()
            version = self.workspace.save(path, result.text, _version(posted, self.workspace, path))
        except Conflict as error:
            return 409, {"message": error.message}
        except DeckError as error:
            return 422, {"message": error.message, "problems": []}
        file = path.relative_to(self.workspace.folder).as_posix()
        return 200, {"version": version, "stem": path.stem, "file": file, "message": "Saved", "saved": f"Saved {file}"}

    async def card_delete(self, request: Request) -> Response:
        posted = await _form(request)
        try:
            card, kept = await self.work(cards.delete, self.workspace, request.path_params["stem"],
                                         posted.get("version", ""))
        except Conflict as error:
            return JSONResponse({"message": error.message}, status_code=409)
        except DeckError as error:
            return JSONResponse({"message": str(error)}, status_code=422)
        where = kept.relative_to(self.workspace.folder).as_posix()
        return JSONResponse({"message": f"Card {card.number} is out of the deck and kept as {where}; Put back, "
                                        "below the cards, brings it back."})

    async def put_back(self, request: Request) -> Response:
        try:
            number, path, moved = await self.work(cards.put_back, self.workspace, request.path_params["name"])
        except DeckError as error:
            return JSONResponse({"message": str(error)}, status_code=422)
        after = "; the cards after it moved down one" if moved else ""
        return JSONResponse({"message": f"The card is back as card {number} ({path.name}){after}."})

    # -- the intro page: deck.yaml's texts ---------------------------------------------------------

    async def intro_page(self, request: Request) -> Response:
        view = await self.work(self._intro_view)
        return self.page(request, "intro.html", **view)

    def _intro_view(self) -> dict:
        path = introform.deck_file(self.workspace)
        values = introform.values_of(self.workspace.read(path)) or {}
        result = introform.attempt(self.workspace, introform.as_posted(values))
        return {"version": self.workspace.version(path), "entries": introform.form(values),
                "preview": self._preview_json(result)}

    async def intro_preview(self, request: Request) -> Response:
        posted = await _form(request)
        return JSONResponse(await self.work(lambda: self._preview_json(introform.attempt(self.workspace, posted))))

    async def intro_save(self, request: Request) -> Response:
        posted = await _form(request)
        status, answer = await self.work(self._intro_save, posted)
        return JSONResponse(answer, status_code=status)

    def _intro_save(self, posted: dict) -> tuple[int, dict]:
        return self._saved(introform.attempt(self.workspace, posted), lambda: introform.deck_file(self.workspace),
                           posted, "the deck file")

    async def face(self, request: Request) -> Response:
        image = self.faces.image(request.path_params["key"])
        if image is None:
            raise HTTPException(404, "that preview is gone; reload the page")
        return Response(image, media_type="image/jpeg", headers={"cache-control": "private, max-age=86400, immutable"})

    # -- the brand page -------------------------------------------------------------------------

    async def brand_page(self, request: Request) -> Response:
        return self.page(request, "brand.html", **await self.work(self._brand_view))

    def _brand_view(self) -> dict:
        path, text = brand.layout_file(self.workspace)
        deck = self.workspace.deck()
        preview = self._brand_preview({"card": str(deck.cards[0].number)} if deck.cards else {})
        return {"sections": brand.sections(brand.written(path, text)), "preview": preview,
                "fonts": brand.fonts_available(self.workspace),
                "images": brand.files_beside(self.workspace, brand.LOGO_FILES),
                "font_types": ",".join(brand.FONT_FILES), "logo_types": ",".join(brand.LOGO_FILES),
                "file": path.relative_to(self.workspace.folder).as_posix(),
                "exists": self.workspace.own_layout is not None,
                "version": self.workspace.version(path), "layout_label": self.workspace.layout_label,
                "deck_version": self.workspace.version(self.workspace.folder / "deck.yaml"),
                "cards": [(card.number, card.title) for card in deck.cards]}

    async def brand_preview(self, request: Request) -> Response:
        posted = await _form(request)
        return JSONResponse(await self.work(self._brand_preview, posted))

    def _brand_preview(self, posted: dict) -> dict:
        answer: dict = {"problems": [], "faces": None, "contrast": [], "summary": ""}
        try:
            path, _, text = brand.candidate(self.workspace, posted)
        except DeckError as error:
            answer["problems"] = [{"field": "", "message": str(problem)} for problem in error.errors]
            return answer
        try:
            layout = brand.check(path, text)
        except DeckError as error:
            answer["problems"] = brand.placed(error, text, path)
            return answer
        answer["contrast"] = brand.contrasts(layout)
        deck = self.workspace.deck()
        try:
            fitted = fit_deck(deck, layout)
            sheet_plan(layout, len(fitted))
        except DeckError as error:
            # (a face too long names its card, and the layout's own problem goes beside the card size:
            # the files' paths and lines are for the command line)
            answer["problems"] = [{"field": "card.size" if p.path == layout.path else "",
                                   "message": p.message.replace(TOO_LONG_ADVICE, BRAND_ADVICE)} for p in error.errors]
            fits = self._size_that_fits(posted, deck) if any(TOO_LONG_ADVICE in p.message for p in error.errors) else None
            if fits:
                answer["problems"].insert(0, {"field": "card.size", "message": fits})
            return answer
        number = _number(posted) or (deck.cards[0].number if deck.cards else INTRO)
        shown = next((card for card in fitted if card.number == number), fitted[0])
        front, back = self.faces.keys(deck, layout, [shown], PREVIEW_DPI)[0]
        answer["faces"] = {"front": f"/face/{front}.jpg", "back": f"/face/{back}.jpg"}
        answer["summary"] = f"Every card fits: body text {body_range(fitted)}." + _added_bands(layout, len(deck.cards))
        return answer

    def _size_that_fits(self, posted: dict, deck) -> str | None:
        """For texts too long for the card size chosen: the smallest bundled card size they fit
        (tried as the page's own preview tries a layout), said beside the card size. Up to
        MAX_SIZES_TRIED cards: a larger deck would wait too long for it."""
        from ..layouts import CARD_PRESETS

        if len(deck.cards) > MAX_SIZES_TRIED:
            return None
        chosen = posted.get("card.size", "").strip().lower()
        for name, size in sorted(CARD_PRESETS.items(), key=lambda item: item[1].width * item[1].height):
            if name == chosen:
                continue
            try:
                path, _, text = brand.candidate(self.workspace, {**posted, "card.size": name})
                layout = brand.check(path, text)
                fit_deck(deck, layout)
                sheet_plan(layout, len(deck.cards) + 1)
            except DeckError:
                continue
            return (f"Every card's texts fit on {name} ({size.width / MM:.0f} × {size.height / MM:.0f} mm), the "
                    f"smallest of the card sizes {', '.join(CARD_PRESETS)} that holds them.")
        return None

    async def brand_save(self, request: Request) -> Response:
        posted = await _form(request)
        status, answer = await self.work(self._brand_save, posted)
        return JSONResponse(answer, status_code=status)

    def _brand_save(self, posted: dict) -> tuple[int, dict]:
        preview = self._brand_preview(posted)
        if preview["problems"]:
            return 422, {**preview, "message": "Not saved: the brand has problems, listed beside the preview."}
        _, _, text = brand.candidate(self.workspace, posted)
        try:
            path = brand.save(self.workspace, text, posted)
        except Conflict as error:
            return 409, {"message": error.message}
        return 200, {"version": self.workspace.version(path), "message": "Saved", "saved": f"Saved {path.name}",
                     "deck_version": self.workspace.version(self.workspace.folder / "deck.yaml")}

    async def brand_upload(self, request: Request) -> Response:
        async with request.form(max_part_size=brand.MAX_UPLOAD) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                return JSONResponse({"message": "choose a file to upload"}, status_code=422)
            data, filename = await upload.read(), upload.filename or ""
            posted = {key: value for key, value in form.items() if isinstance(value, str)}
        try:
            name = await self.work(brand.upload, self.workspace, posted.get("kind", ""), filename, data, posted)
        except DeckError as error:
            return JSONResponse({"message": error.message}, status_code=422)
        return JSONResponse({"name": name, "message": f"Uploaded {name}."})

    # -- the print page -------------------------------------------------------------------------

    async def print_page(self, request: Request) -> Response:
        deck = await self.work(self.workspace.deck)
        layout = await self.work(self.workspace.layout)
        return self.page(request, "print.html", sheets=STANDARD_SHEETS, default_sheet=layout.sheet,
                         layouts=printing.layouts(self.workspace), print_shop=printing.print_shop_name(self.workspace),
                         cards=[(c.number, c.title) for c in deck.cards],
                         folder=str(self.workspace.folder))

    async def download(self, request: Request) -> Response:
        what = request.path_params["what"]
        if what not in printing.DOWNLOADS:
            raise HTTPException(404, "there is no such download")
        try:
            chosen = printing.options(request.query_params, self.workspace)
            name, data, media = await self.work(printing.download, self.workspace, what, chosen)
        except DeckError as error:
            return Response(f"Nothing to download: {error}", status_code=422, media_type="text/plain")
        disposition = "inline" if what == "sheet" else f'attachment; filename="{name}"'
        return Response(data, media_type=media, headers={"content-disposition": disposition,
                                                         "cache-control": "no-store"})


def _version(posted: dict, workspace: Workspace, path: Path) -> str:
    """The version of the file the page was opened on; with 'overwrite', the file's own now: the
    user has been told it changed elsewhere and chose to put this page's text in its place."""
    return workspace.version(path) if posted.get("overwrite") == "yes" else posted.get("version", "")


MAX_SIZES_TRIED = 60  # cards: up to this many, a card size too small is answered with one that fits
BRAND_ADVICE = "choose a larger card size here, or shorten the card's texts on its page"  # (not the layout's keys)


def _added_bands(layout, cards: int) -> str:
    """What the brand page says when the deck has more cards than band colours (the command line's
    warning, Layout.warnings_for, in the page's words)."""
    added = layout.palette.added(cards)
    if not added:
        return ""
    bands = len(layout.palette.bands)
    return (f" The deck has {cards} cards and {bands} band colour{'' if bands == 1 else 's'}: deck chose the colours "
            f"of cards {bands + 1} to {cards}, in the brand's tone; add band colours to choose them yourself.")


def _number(posted: dict) -> int | None:
    value = posted.get("card") or posted.get("number") or ""
    return int(value) if value.isdigit() else None


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def create_app(workspace: Workspace, token: str, port: int) -> Gate:
    """The studio as an ASGI application, behind its gate."""
    from .. import deferred

    deferred.load()  # its requests are served on several threads
    studio = Studio(workspace)
    routes = [
        Route("/", studio.deck_page),
        Route("/order", studio.reorder, methods=["POST"]),
        Route("/card/{stem}", studio.card_page),
        Route("/card/{stem}/preview", studio.card_preview, methods=["POST"]),
        Route("/card/{stem}/save", studio.card_save, methods=["POST"]),
        Route("/card/{stem}/delete", studio.card_delete, methods=["POST"]),
        Route("/deleted/{name}/back", studio.put_back, methods=["POST"]),
        Route("/face/{key}.jpg", studio.face),
        Route("/intro", studio.intro_page),
        Route("/intro/preview", studio.intro_preview, methods=["POST"]),
        Route("/intro/save", studio.intro_save, methods=["POST"]),
        Route("/brand", studio.brand_page),
        Route("/brand/preview", studio.brand_preview, methods=["POST"]),
        Route("/brand/save", studio.brand_save, methods=["POST"]),
        Route("/brand/upload", studio.brand_upload, methods=["POST"]),
        Route("/print", studio.print_page),
        Route("/print/{what}", studio.download),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={TooLarge: _too_large, DeckError: _deck_error})
    return Gate(app, token, port, uploads={"/brand/upload": brand.MAX_UPLOAD + 64 * 1024})


async def _too_large(request: Request, error: TooLarge) -> Response:
    return JSONResponse({"message": f"That is more than {error.limit // 1024 // 1024} MB; nothing was saved."},
                        status_code=413)


async def _deck_error(request: Request, error: DeckError) -> Response:
    """A problem in the deck's files met while showing a page: say it plainly, no traceback."""
    return Response("\n".join(str(problem) for problem in error.errors), status_code=422, media_type="text/plain")
