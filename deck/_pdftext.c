/* The hot paths of deck/pdftext.py's TextWriter, compiled: the text operators of a face.
 *
 * text_object(lines, fill, fp_str, fonts, slow, moves, learn, accents) is TextWriter.text_object: it
 * writes each line whose words it knows already (kerned below), learns the new words _compiled_run
 * would (`learn`, or None), and asks TextWriter._line (`slow`) for every other line; `moves` (a dict
 * it fills) remembers the operators that move to a line's start; a line whose text is one of
 * `accents` (a tuple) is filled in the role "accent".
 * kerned_line(recent, text, space) is the Python part of TextWriter._in_one_subset: the same pieces in the
 * same order; None wherever a word is not among `recent`, lies across subsets or in another subset, and
 * the Python goes its own way.
 * word_run(word, encoded, pairs, adjustment, name) is TextWriter._run for a new word that lies in
 * the first subset and whose kerning pairs are known.
 *
 * Each gives string for string what the Python gives, so a deck drawn with or without this module
 * is the same PDF (tests/test_pdftext_compiled.py); pdftext.py falls back to its own code where
 * this module was not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A word's run as TextWriter._run makes it: (subset name, head, middle or None, tail). */
#define RUN_NAME(run) PyTuple_GET_ITEM(run, 0)
#define RUN_HEAD(run) PyTuple_GET_ITEM(run, 1)
#define RUN_MIDDLE(run) PyTuple_GET_ITEM(run, 2)
#define RUN_TAIL(run) PyTuple_GET_ITEM(run, 3)

static PyObject *OPEN, *CLOSE, *CLOSE_SHOW, *SEPARATOR, *ARRAY_OPEN, *ARRAY_LAST, *ARRAY_CLOSE, *SHOW_CLOSE, *EMPTY, *SPACE;

static int is_run(PyObject *run)
{
    return run != NULL && PyTuple_CheckExact(run) && PyTuple_GET_SIZE(run) == 4;
}

/* kerned_line's work: a new reference to (name, operator) or to None; NULL on an error. `words`
 * is the line's text split at its spaces (a list, held by the caller). */
static PyObject *kerned_held(PyObject *recent, PyObject *words, PyObject *space_run);

static PyObject *kerned(PyObject *recent, PyObject *words, PyObject *space_run)
{
    /* held while at work: a word's lookup may run Python code (a key's __eq__) that changes `recent` */
    Py_INCREF(recent);
    Py_INCREF(words);
    Py_INCREF(space_run);
    PyObject *result = kerned_held(recent, words, space_run);
    Py_DECREF(recent);
    Py_DECREF(words);
    Py_DECREF(space_run);
    return result;
}

/* The operator joined from its pieces, the general way (a piece not an ASCII str: never in a deck,
 * whose runs hold escaped text; PyUnicode_Join raises where a piece is not a str at all). */
static PyObject *kerned_joined(PyObject *const *runs, Py_ssize_t count, PyObject *space, Py_ssize_t elements)
{
    PyObject *pieces = PyList_New(0), *result = NULL;
    if (pieces == NULL || PyList_Append(pieces, elements ? ARRAY_OPEN : EMPTY) < 0 || PyList_Append(pieces, OPEN) < 0)
        goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *run = runs[k], *middle = RUN_MIDDLE(run);
        if ((k && PyList_Append(pieces, space) < 0) || PyList_Append(pieces, RUN_HEAD(run)) < 0)
            goto done;
        if (middle != Py_None && (PyList_Append(pieces, CLOSE_SHOW) < 0 || PyList_Append(pieces, middle) < 0
                                  || PyList_Append(pieces, ARRAY_LAST) < 0 || PyList_Append(pieces, RUN_TAIL(run)) < 0))
            goto done;
    }
    if (PyList_Append(pieces, elements ? ARRAY_CLOSE : SHOW_CLOSE) < 0)
        goto done;
    result = PyUnicode_Join(EMPTY, pieces);
done:
    Py_XDECREF(pieces);
    return result;
}

static int ascii_str(PyObject *text)
{
    return PyUnicode_CheckExact(text) && PyUnicode_IS_ASCII(text);
}

static Py_UCS1 *put(Py_UCS1 *out, PyObject *text)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    memcpy(out, PyUnicode_1BYTE_DATA(text), length);
    return out + length;
}

static Py_UCS1 *put_chars(Py_UCS1 *out, const char *text, Py_ssize_t length)
{
    memcpy(out, text, length);
    return out + length;
}

#define WORDS_ON_STACK 64

static PyObject *kerned_held(PyObject *recent, PyObject *words, PyObject *space_run)
{
    PyObject *name = RUN_NAME(space_run), *space = RUN_HEAD(space_run);
    if (name == Py_None || !PyUnicode_Check(space))
        Py_RETURN_NONE;
    /* The operator's pieces in order: "(" + the open text, and at each kerned word ") " + its middle
     * + " (" (the next element's or the last string's opening) + its tail; at the end "[" in front
     * and ")] TJ" after it, or, when nothing was kerned, ") Tj" after it. Every piece is ASCII (the
     * runs hold escaped text): measured first, then written straight into the operator. */
    Py_ssize_t count = PyList_GET_SIZE(words), held = 0, elements = 0, total = 0;
    PyObject *stack[WORDS_ON_STACK], **runs = count <= WORDS_ON_STACK ? stack : PyMem_New(PyObject *, count);
    if (runs == NULL)
        return PyErr_NoMemory();
    PyObject *result = NULL;
    int ascii = ascii_str(space);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *run = PyDict_GetItemWithError(recent, PyList_GET_ITEM(words, k));
        if (run == NULL && PyErr_Occurred())
            goto done;
        if (!is_run(run) || RUN_NAME(run) != name) {  /* unknown, across subsets, or another subset */
            result = Py_NewRef(Py_None);
            goto done;
        }
        runs[held++] = Py_NewRef(run);
        PyObject *head = RUN_HEAD(run), *middle = RUN_MIDDLE(run);
        ascii = ascii && ascii_str(head);
        if (ascii)
            total += PyUnicode_GET_LENGTH(head) + (k ? PyUnicode_GET_LENGTH(space) : 0);
        if (middle == Py_None)
            continue;
        ascii = ascii && ascii_str(middle) && ascii_str(RUN_TAIL(run));
        if (ascii)
            total += 2 + PyUnicode_GET_LENGTH(middle) + 2 + PyUnicode_GET_LENGTH(RUN_TAIL(run));
        elements++;
    }
    PyObject *operator;
    if (ascii) {
        total += elements ? 1 + 1 + 5 : 1 + 4;  /* "[(" ... ")] TJ", or "(" ... ") Tj" */
        operator = PyUnicode_New(total, 127);
        if (operator != NULL) {
            Py_UCS1 *out = PyUnicode_1BYTE_DATA(operator);
            out = elements ? put_chars(out, "[(", 2) : put_chars(out, "(", 1);
            for (Py_ssize_t k = 0; k < count; k++) {
                PyObject *run = runs[k], *middle = RUN_MIDDLE(run);
                if (k)
                    out = put(out, space);
                out = put(out, RUN_HEAD(run));
                if (middle != Py_None) {
                    out = put(put_chars(out, ") ", 2), middle);
                    out = put(put_chars(out, " (", 2), RUN_TAIL(run));
                }
            }
            out = elements ? put_chars(out, ")] TJ", 5) : put_chars(out, ") Tj", 4);
            assert(out == PyUnicode_1BYTE_DATA(operator) + total);
        }
    }
    else
        operator = kerned_joined(runs, count, space, elements);
    if (operator != NULL) {
        result = PyTuple_Pack(2, name, operator);
        Py_DECREF(operator);
    }
done:
    for (Py_ssize_t k = 0; k < held; k++)
        Py_DECREF(runs[k]);
    if (runs != stack)
        PyMem_Free(runs);
    return result;
}

/* rl_accel.escapePDF of bytes[start:end]: ( ) \ escaped, bytes below 32 and from 127 on as \ooo. */
static PyObject *escaped(const unsigned char *bytes, Py_ssize_t start, Py_ssize_t end)
{
    if (end <= start)
        return Py_NewRef(EMPTY);
    char stack[256] = "";  /* (set, for the compiler: only the bytes written are read) */
    char *out = (end - start) * 4 <= (Py_ssize_t)sizeof(stack) ? stack : PyMem_Malloc((end - start) * 4);
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t length = 0;
    for (Py_ssize_t k = start; k < end; k++) {
        unsigned char c = bytes[k];
        if (c < 32 || c >= 127) {
            out[length++] = '\\';
            out[length++] = '0' + (c >> 6);
            out[length++] = '0' + ((c >> 3) & 7);
            out[length++] = '0' + (c & 7);
        }
        else {
            if (c == '(' || c == ')' || c == '\\')
                out[length++] = '\\';
            out[length++] = (char)c;
        }
    }
    PyObject *result = PyUnicode_DecodeASCII(out, length, NULL);
    if (out != stack)
        PyMem_Free(out);
    return result;
}

/* TextWriter._run of a word whose every character has its code in the first subset, and whose every
 * pair of characters the font's kerning already knows: (name, head, middle or None, tail), where
 * `encoded` is the word in the subset's codes, one byte a character, `pairs` Kerning._pairs and
 * `adjustment` pdftext._adjustment. None when a pair is not known yet (Python measures it). */
static PyObject *make_run(PyObject *word, PyObject *encoded, PyObject *pairs, PyObject *adjustment, PyObject *name);

static PyObject *word_run(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || !PyDict_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError, "word_run(word: str, encoded: bytes, pairs: dict, adjustment, name)");
        return NULL;
    }
    return make_run(args[0], args[1], args[2], args[3], args[4]);
}

/* word_run's work; `word` a str, `encoded` bytes and `pairs` a dict, which it holds while at work. */
static PyObject *make_run(PyObject *word, PyObject *encoded, PyObject *pairs, PyObject *adjustment, PyObject *name)
{
    const unsigned char *bytes = (const unsigned char *)PyBytes_AS_STRING(encoded);
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    if (PyBytes_GET_SIZE(encoded) != length) {
        PyErr_SetString(PyExc_ValueError, "word_run: one byte a character");
        return NULL;
    }
    Py_INCREF(word);
    Py_INCREF(encoded);
    Py_INCREF(pairs);
    Py_INCREF(adjustment);
    Py_INCREF(name);
    PyObject *pieces = PyList_New(0), *result = NULL;
    if (pieces == NULL)
        goto done;
    Py_ssize_t start = 0;
    for (Py_ssize_t k = 0; k + 1 < length; k++) {
        PyObject *pair = PyUnicode_Substring(word, k, k + 2);
        if (pair == NULL)
            goto done;
        PyObject *value = PyDict_GetItemWithError(pairs, pair);
        Py_DECREF(pair);
        if (value == NULL) {
            if (!PyErr_Occurred())
                result = Py_NewRef(Py_None);
            goto done;
        }
        Py_INCREF(value);  /* (its __float__ could change `pairs`) */
        double move = PyFloat_AsDouble(value);
        if ((move == -1.0 && PyErr_Occurred()) || move == 0.0) {
            Py_DECREF(value);
            if (PyErr_Occurred())
                goto done;
            continue;
        }
        PyObject *text = escaped(bytes, start, k + 1);
        int failed = text == NULL || PyList_Append(pieces, text) < 0;
        Py_XDECREF(text);
        PyObject *moved = failed ? NULL : PyObject_CallOneArg(adjustment, value);
        Py_DECREF(value);
        if (moved == NULL)
            goto done;
        failed = PyList_Append(pieces, moved);
        Py_DECREF(moved);
        if (failed)
            goto done;
        start = k + 1;
    }
    PyObject *tail = escaped(bytes, start, length);
    if (tail == NULL)
        goto done;
    Py_ssize_t count = PyList_GET_SIZE(pieces);
    if (count == 0) {
        result = PyTuple_Pack(4, name, tail, Py_None, tail);
        Py_DECREF(tail);
        goto done;
    }
    /* the middle: pieces[1], then "(" + text + ")" and the move after it, for each later move */
    PyObject *middle = PyList_New(0);
    int failed = middle == NULL || PyList_Append(middle, PyList_GET_ITEM(pieces, 1)) < 0;
    for (Py_ssize_t at = 2; !failed && at + 1 < count; at += 2) {
        failed = PyList_Append(middle, SEPARATOR) < 0 || PyList_Append(middle, OPEN) < 0
                 || PyList_Append(middle, PyList_GET_ITEM(pieces, at)) < 0 || PyList_Append(middle, CLOSE) < 0
                 || PyList_Append(middle, SEPARATOR) < 0 || PyList_Append(middle, PyList_GET_ITEM(pieces, at + 1)) < 0;
    }
    PyObject *joined = failed ? NULL : PyUnicode_Join(EMPTY, middle);
    Py_XDECREF(middle);
    if (joined != NULL) {
        result = PyTuple_Pack(4, name, PyList_GET_ITEM(pieces, 0), joined, tail);
        Py_DECREF(joined);
    }
    Py_DECREF(tail);
done:
    Py_XDECREF(pieces);
    Py_DECREF(word);
    Py_DECREF(encoded);
    Py_DECREF(pairs);
    Py_DECREF(adjustment);
    Py_DECREF(name);
    return result;
}

static PyObject *kerned_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyDict_CheckExact(args[0]) || !PyUnicode_Check(args[1]) || !is_run(args[2])) {
        PyErr_SetString(PyExc_TypeError, "kerned_line(recent: dict, text: str, space: run tuple)");
        return NULL;
    }
    PyObject *words = PyUnicode_Split(args[1], SPACE, -1);
    if (words == NULL)
        return NULL;
    PyObject *result = kerned(args[0], words, args[2]);
    Py_DECREF(words);
    return result;
}

/* Python's `a != b`, as a C truth value (-1 on an error): NaN differs even from itself. */
static int differ(PyObject *a, PyObject *b)
{
    PyObject *answer = PyObject_RichCompare(a, b, Py_NE);
    int truth = answer == NULL ? -1 : PyObject_IsTrue(answer);
    Py_XDECREF(answer);
    return truth;
}

/* PyUnicode_FromFormat(format, a, b) for a format of one or two %U, each object given as an
 * f-string gives it ({a}: format(a, "")); `b` NULL for one. */
static PyObject *operator_of(const char *format, PyObject *a, PyObject *b)
{
    if (a == NULL)
        return NULL;
    PyObject *ta = PyObject_Format(a, EMPTY), *tb = b == NULL ? NULL : PyObject_Format(b, EMPTY), *result = NULL;
    if (ta != NULL && (b == NULL || tb != NULL))
        result = b == NULL ? PyUnicode_FromFormat(format, ta) : PyUnicode_FromFormat(format, ta, tb);
    Py_XDECREF(ta);
    Py_XDECREF(tb);
    return result;
}

#define MOVES_KEPT 4096  /* text positions remembered with their operator, at most (1000 cards use about 1100) */

/* "1 0 0 1 {fp_str(x)} {fp_str(y)} Tm", remembered in `moves` for positions given as floats: a
 * deck's lines stand on the same few columns and baselines face after face. (Not for a zero: -0.0
 * equals 0.0 as a key, and fp_str need not write the two alike.) */
static PyObject *move_to(PyObject *x, PyObject *y, PyObject *fp_str, PyObject *moves)
{
    PyObject *key = NULL;
    if (PyFloat_CheckExact(x) && PyFloat_CheckExact(y) && PyFloat_AS_DOUBLE(x) != 0.0 && PyFloat_AS_DOUBLE(y) != 0.0) {
        key = PyTuple_Pack(2, x, y);
        if (key == NULL)
            return NULL;
        PyObject *known = PyDict_GetItemWithError(moves, key);
        if (known != NULL && PyUnicode_CheckExact(known)) {
            Py_DECREF(key);
            return Py_NewRef(known);
        }
        if (PyErr_Occurred()) {
            Py_DECREF(key);
            return NULL;
        }
    }
    PyObject *fx = PyObject_CallOneArg(fp_str, x), *fy = fx == NULL ? NULL : PyObject_CallOneArg(fp_str, y);
    PyObject *made = fy == NULL ? NULL : operator_of("1 0 0 1 %U %U Tm", fx, fy);
    Py_XDECREF(fx);
    Py_XDECREF(fy);
    if (made != NULL && key != NULL) {
        if (PyDict_GET_SIZE(moves) >= MOVES_KEPT)
            PyDict_Clear(moves);
        if (PyDict_SetItem(moves, key, made) < 0)
            Py_CLEAR(made);
    }
    Py_XDECREF(key);
    return made;
}

static PyObject *S_COLOUR, *S_TRACKING, *S_FONT, *S_SIZE, *S_RECENT, *S_BEGIN, *S_END, *S_NEWLINE;

static int append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

static PyObject *S_OLDER, *S_ISSUPERSET, *S_TRANSLATE, *S_ACCENT;

/* TextWriter._run of each word of `text` not among `recent` (runs.recent), where _compiled_run makes
 * it, in the same order: `learn` is (codes, names, pairs, adjustment, limit): TextWriter._codes and
 * _names, the font -> kerning pairs, pdftext._adjustment and RECENT_WORDS. 1 when every word is
 * among `recent` now; 0 when a word needs the Python (among the older words, not in the first
 * subset's codes, a pair not measured yet, or `recent` full), which goes on where this stopped;
 * -1 on an error. */
static int learn_held(PyObject *runs, PyObject *recent, PyObject *words, PyObject *font, PyObject *learn);

static int learn_words(PyObject *runs, PyObject *recent, PyObject *words, PyObject *font, PyObject *learn)
{
    Py_INCREF(runs);
    Py_INCREF(recent);
    Py_INCREF(words);
    Py_INCREF(font);
    Py_INCREF(learn);
    int result = learn_held(runs, recent, words, font, learn);
    Py_DECREF(runs);
    Py_DECREF(recent);
    Py_DECREF(words);
    Py_DECREF(font);
    Py_DECREF(learn);
    return result;
}

static int learn_held(PyObject *runs, PyObject *recent, PyObject *words, PyObject *font, PyObject *learn)
{
    if (!PyTuple_CheckExact(learn) || PyTuple_GET_SIZE(learn) != 5 || !PyDict_CheckExact(PyTuple_GET_ITEM(learn, 0))
            || !PyDict_CheckExact(PyTuple_GET_ITEM(learn, 1)) || !PyDict_CheckExact(PyTuple_GET_ITEM(learn, 2))) {
        PyErr_SetString(PyExc_TypeError, "text_object: learn is (codes: dict, names: dict, pairs: dict, adjustment, limit)");
        return -1;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(PyTuple_GET_ITEM(learn, 4));
    if (limit == -1 && PyErr_Occurred())
        return -1;
    PyObject *codes = PyDict_GetItemWithError(PyTuple_GET_ITEM(learn, 0), font);
    PyObject *name = codes == NULL ? NULL : PyDict_GetItemWithError(PyTuple_GET_ITEM(learn, 1), font);
    PyObject *pairs = name == NULL ? NULL : PyDict_GetItemWithError(PyTuple_GET_ITEM(learn, 2), font);
    if (pairs == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (!PyTuple_CheckExact(codes) || PyTuple_GET_SIZE(codes) != 2 || !PyDict_CheckExact(pairs))
        return 0;
    PyObject *adjustment = PyTuple_GET_ITEM(learn, 3), *older = PyObject_GetAttr(runs, S_OLDER);
    if (older == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
        return 0;
    }
    Py_INCREF(codes);
    Py_INCREF(name);
    Py_INCREF(pairs);
    PyObject *table = PyTuple_GET_ITEM(codes, 0), *charset = PyTuple_GET_ITEM(codes, 1);
    int result = 1;
    for (Py_ssize_t k = 0; result == 1 && k < PyList_GET_SIZE(words); k++) {
        PyObject *word = PyList_GET_ITEM(words, k);
        int known = PyDict_Contains(recent, word);
        if (known != 0) {
            result = known < 0 ? -1 : 1;
            continue;
        }
        /* _run: a word among the older ones comes back by the Python (_Recent.get), as does one that
         * would make `recent` the older words (_Recent.__setitem__) */
        known = PyDict_Check(older) ? PyDict_Contains(older, word) : 1;
        if (known != 0 || PyDict_GET_SIZE(recent) >= limit) {
            result = known < 0 ? -1 : 0;
            break;
        }
        /* _compiled_run: in the first subset's codes, word.translate(table).encode("latin-1") */
        PyObject *inside = PyObject_CallMethodOneArg(charset, S_ISSUPERSET, word);
        int truth = inside == NULL ? -1 : PyObject_IsTrue(inside);
        Py_XDECREF(inside);
        if (truth <= 0) {
            result = truth;
            break;
        }
        PyObject *translated = PyObject_CallMethodOneArg(word, S_TRANSLATE, table);
        PyObject *encoded = translated == NULL ? NULL : PyUnicode_AsLatin1String(translated);
        Py_XDECREF(translated);
        PyObject *run = encoded == NULL ? NULL : (PyBytes_Check(encoded) ? make_run(word, encoded, pairs, adjustment, name)
                                                                        : NULL);
        Py_XDECREF(encoded);
        if (run == NULL) {
            result = -1;
            break;
        }
        if (run == Py_None)  /* a pair not measured yet */
            result = 0;
        else if (PyDict_SetItem(recent, word, run) < 0)
            result = -1;
        Py_DECREF(run);
    }
    Py_DECREF(older);
    Py_DECREF(codes);
    Py_DECREF(name);
    Py_DECREF(pairs);
    return result;
}

/* TextWriter.text_object, line for line: `fill` and `fp_str` as there, `fonts` TextWriter._runs
 * (font -> _Recent), and `slow(code, text, font, size, current_font)` TextWriter._line, asked for
 * every line that kerned() does not answer from what is known already. */
static PyObject *text_object(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8 || !PyTuple_Check(args[0]) || !PyDict_CheckExact(args[3]) || !PyDict_CheckExact(args[5])
            || !PyTuple_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "text_object(lines: tuple, fill, fp_str, fonts: dict, slow, moves: dict, learn, accents: tuple)");
        return NULL;
    }
    PyObject *lines = args[0], *fill = args[1], *fp_str = args[2], *fonts = args[3], *slow = args[4], *moves = args[5];
    PyObject *learn = args[6], *accents = args[7];
    PyObject *code = PyList_New(0), *result = NULL;
    PyObject *current_font = PyTuple_Pack(2, Py_None, Py_None), *current_fill = Py_NewRef(Py_None);
    PyObject *tracking = PyFloat_FromDouble(0.0), *last_colour = NULL, *last_fill = NULL;
    /* the last style met and what the lines ask of it (a paragraph's lines share one style) */
    PyObject *style = NULL, *colour = NULL, *spacing = NULL, *font = NULL, *size = NULL, *done = NULL;
    if (code == NULL || current_font == NULL || tracking == NULL || PyList_Append(code, S_BEGIN) < 0)
        goto fail;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(lines); k++) {
        PyObject *placed = PyTuple_GET_ITEM(lines, k);
        if (!PyTuple_Check(placed) || PyTuple_GET_SIZE(placed) < 3 || !PyTuple_Check(PyTuple_GET_ITEM(placed, 2))
                || PyTuple_GET_SIZE(PyTuple_GET_ITEM(placed, 2)) < 2) {
            PyErr_SetString(PyExc_TypeError, "text_object: lines of Placed(x, y, Line(text, style, ...), ...)");
            goto fail;
        }
        PyObject *x = PyTuple_GET_ITEM(placed, 0), *y = PyTuple_GET_ITEM(placed, 1), *line = PyTuple_GET_ITEM(placed, 2);
        PyObject *text = PyTuple_GET_ITEM(line, 0);
        int empty = PyObject_Not(text);
        if (empty < 0)
            goto fail;
        if (empty)
            continue;
        if (PyTuple_GET_ITEM(line, 1) != style) {
            PyObject *new_style = PyTuple_GET_ITEM(line, 1);
            PyObject *c = PyObject_GetAttr(new_style, S_COLOUR);
            PyObject *t = c == NULL ? NULL : PyObject_GetAttr(new_style, S_TRACKING);
            PyObject *z = t == NULL ? NULL : PyObject_GetAttr(new_style, S_SIZE);
            PyObject *f = z == NULL ? NULL : PyObject_GetAttr(new_style, S_FONT);
            if (f == NULL) {
                Py_XDECREF(c);
                Py_XDECREF(t);
                Py_XDECREF(z);
                goto fail;
            }
            Py_XSETREF(style, Py_NewRef(new_style));
            Py_XSETREF(colour, c);
            Py_XSETREF(spacing, t);
            Py_XSETREF(size, z);
            Py_XSETREF(font, f);
        }
        int accent = PyTuple_GET_SIZE(accents) ? PySequence_Contains(accents, text) : 0;
        if (accent < 0)
            goto fail;
        PyObject *role = accent ? S_ACCENT : colour;
        if (role != last_colour) {  /* fill(role) gives one operator a role */
            PyObject *operator = PyObject_CallOneArg(fill, role);
            if (operator == NULL)
                goto fail;
            Py_XSETREF(last_fill, operator);
            Py_XSETREF(last_colour, Py_NewRef(role));
        }
        int changed = differ(last_fill, current_fill);
        if (changed < 0)
            goto fail;
        if (changed) {
            if (PyList_Append(code, last_fill) < 0)
                goto fail;
            Py_XSETREF(current_fill, Py_NewRef(last_fill));
        }
        changed = differ(spacing, tracking);
        if (changed < 0)
            goto fail;
        if (changed) {
            Py_XSETREF(tracking, Py_NewRef(spacing));
            PyObject *amount = PyNumber_Multiply(tracking, size);
            PyObject *formatted = amount == NULL ? NULL : PyObject_CallOneArg(fp_str, amount);
            Py_XDECREF(amount);
            int failed = append_new(code, operator_of("%U Tc", formatted, NULL));
            Py_XDECREF(formatted);
            if (failed)
                goto fail;
        }
        if (append_new(code, move_to(x, y, fp_str, moves)) < 0)
            goto fail;
        /* the line from what is known, else by TextWriter._line */
        PyObject *runs = PyDict_GetItemWithError(fonts, font);
        PyObject *recent = runs == NULL ? NULL : PyObject_GetAttr(runs, S_RECENT);
        if (recent == NULL && PyErr_Occurred()) {
            if (runs == NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
                goto fail;
            PyErr_Clear();  /* (not a _Recent: _line knows what to do) */
        }
        PyObject *space = recent != NULL && PyDict_CheckExact(recent) ? PyDict_GetItemWithError(recent, SPACE) : NULL;
        if (space == NULL && PyErr_Occurred()) {
            Py_XDECREF(recent);
            goto fail;
        }
        PyObject *words = is_run(space) ? PyUnicode_Split(text, SPACE, -1) : NULL;  /* split once, for both */
        done = words != NULL ? kerned(recent, words, space) : is_run(space) ? NULL : Py_NewRef(Py_None);
        if (done == Py_None && words != NULL && learn != Py_None) {  /* its new words learnt here, if they can be */
            Py_INCREF(space);
            int learnt = learn_words(runs, recent, words, font, learn);
            if (learnt != 0)
                Py_SETREF(done, learnt < 0 ? NULL : kerned(recent, words, space));
            Py_DECREF(space);
        }
        Py_XDECREF(words);
        Py_XDECREF(recent);
        if (done == NULL)
            goto fail;
        if (done != Py_None) {
            PyObject *name = PyTuple_GET_ITEM(done, 0);
            int other = name != PyTuple_GET_ITEM(current_font, 0);
            if (!other && (other = differ(size, PyTuple_GET_ITEM(current_font, 1))) < 0)
                goto fail;
            if (other) {
                PyObject *formatted = PyObject_CallOneArg(fp_str, size);
                int failed = formatted == NULL ? -1 : append_new(code, operator_of("%U %U Tf", name, formatted));
                Py_XDECREF(formatted);
                if (failed)
                    goto fail;
                Py_SETREF(current_font, PyTuple_Pack(2, name, size));
                if (current_font == NULL)
                    goto fail;
            }
            if (PyList_Append(code, PyTuple_GET_ITEM(done, 1)) < 0)
                goto fail;
        }
        else {
            PyObject *call[5] = {code, text, font, size, current_font};
            PyObject *returned = PyObject_Vectorcall(slow, call, 5, NULL);
            if (returned == NULL)
                goto fail;
            Py_SETREF(current_font, returned);
            if (!PyTuple_Check(current_font) || PyTuple_GET_SIZE(current_font) != 2) {
                PyErr_SetString(PyExc_TypeError, "text_object: the slow line gives (font name, size)");
                goto fail;
            }
        }
        Py_CLEAR(done);
    }
    if (PyList_Append(code, S_END) < 0)
        goto fail;
    result = PyUnicode_Join(S_NEWLINE, code);
fail:
    Py_XDECREF(code);
    Py_XDECREF(current_font);
    Py_XDECREF(current_fill);
    Py_XDECREF(tracking);
    Py_XDECREF(last_colour);
    Py_XDECREF(last_fill);
    Py_XDECREF(style);
    Py_XDECREF(colour);
    Py_XDECREF(spacing);
    Py_XDECREF(font);
    Py_XDECREF(size);
    Py_XDECREF(done);
    return result;
}

static PyMethodDef methods[] = {
    {"kerned_line", (PyCFunction)(void (*)(void))kerned_line, METH_FASTCALL,
     "kerned_line(recent, text, space) -> (subset name, operator) | None: TextWriter._in_one_subset."},
    {"word_run", (PyCFunction)(void (*)(void))word_run, METH_FASTCALL,
     "word_run(word, encoded, pairs, adjustment, name) -> run | None: TextWriter._run's common case."},
    {"text_object", (PyCFunction)(void (*)(void))text_object, METH_FASTCALL,
     "text_object(lines, fill, fp_str, fonts, slow, moves, learn, accents) -> str: TextWriter.text_object."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdftext", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdftext(void)
{
    OPEN = PyUnicode_InternFromString("(");
    CLOSE = PyUnicode_InternFromString(")");
    CLOSE_SHOW = PyUnicode_InternFromString(") ");
    SEPARATOR = PyUnicode_InternFromString(" ");
    ARRAY_OPEN = PyUnicode_InternFromString("[");
    ARRAY_LAST = PyUnicode_InternFromString(" (");
    ARRAY_CLOSE = PyUnicode_InternFromString(")] TJ");
    SHOW_CLOSE = PyUnicode_InternFromString(") Tj");
    EMPTY = PyUnicode_InternFromString("");
    SPACE = PyUnicode_InternFromString(" ");
    S_COLOUR = PyUnicode_InternFromString("colour");
    S_TRACKING = PyUnicode_InternFromString("tracking");
    S_FONT = PyUnicode_InternFromString("font");
    S_SIZE = PyUnicode_InternFromString("size");
    S_RECENT = PyUnicode_InternFromString("recent");
    S_BEGIN = PyUnicode_InternFromString("q BT");
    S_END = PyUnicode_InternFromString("ET Q");
    S_NEWLINE = PyUnicode_InternFromString("\n");
    S_OLDER = PyUnicode_InternFromString("older");
    S_ISSUPERSET = PyUnicode_InternFromString("issuperset");
    S_TRANSLATE = PyUnicode_InternFromString("translate");
    S_ACCENT = PyUnicode_InternFromString("accent");
    if (!S_OLDER || !S_ISSUPERSET || !S_TRANSLATE || !S_ACCENT)
        return NULL;
    if (!S_COLOUR || !S_TRACKING || !S_FONT || !S_SIZE || !S_RECENT || !S_BEGIN || !S_END || !S_NEWLINE)
        return NULL;
    if (!OPEN || !CLOSE || !CLOSE_SHOW || !SEPARATOR || !ARRAY_OPEN || !ARRAY_LAST || !ARRAY_CLOSE || !SHOW_CLOSE || !EMPTY
        || !SPACE)
        return NULL;
    return PyModule_Create(&module);
}
