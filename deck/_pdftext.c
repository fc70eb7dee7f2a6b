/* The common case of deck/pdftext.py's TextWriter._line, compiled: one line whose words were all
 * encoded before, in one font subset, as the TJ (or Tj) operator that draws it.
 *
 * kerned_line(recent, text, space) is the block of _line under "every word, and the space, in one
 * subset", string for string: the same pieces joined in the same order, so a deck drawn with or
 * without this module is the same PDF (tests/test_pdftext_compiled.py). It answers None wherever
 * that block would not run (a word not among `recent`, a word across subsets, a line in several),
 * and _line then goes its own way. pdftext.py falls back to Python where this module was not built.
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

static PyObject *kerned_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyDict_CheckExact(args[0]) || !PyUnicode_Check(args[1]) || !is_run(args[2])) {
        PyErr_SetString(PyExc_TypeError, "kerned_line(recent: dict, text: str, space: run tuple)");
        return NULL;
    }
    PyObject *recent = args[0], *text = args[1], *space_run = args[2];
    PyObject *name = RUN_NAME(space_run), *space = RUN_HEAD(space_run);
    if (name == Py_None || !PyUnicode_Check(space))
        Py_RETURN_NONE;
    PyObject *words = PyUnicode_Split(text, SPACE, -1);
    if (words == NULL)
        return NULL;
    PyObject *shown = PyList_New(0), *open = PyList_New(0), *result = NULL;
    if (shown == NULL || open == NULL)
        goto done;
    Py_ssize_t count = PyList_GET_SIZE(words), elements = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *run = PyDict_GetItemWithError(recent, PyList_GET_ITEM(words, k));
        if (run == NULL && PyErr_Occurred())
            goto done;
        if (!is_run(run) || RUN_NAME(run) != name) {  /* unknown, across subsets, or another subset */
            result = Py_NewRef(Py_None);
            goto done;
        }
        PyObject *head = RUN_HEAD(run), *middle = RUN_MIDDLE(run);
        if (k && PyList_Append(open, space) < 0)
            goto done;
        if (PyList_Append(open, head) < 0)
            goto done;
        if (middle == Py_None)
            continue;
        /* a kerned word: "(" + what is open up to its first move + ") " + its middle, then its tail open */
        if ((elements && PyList_Append(shown, SEPARATOR) < 0) || PyList_Append(shown, OPEN) < 0)
            goto done;
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(open); j++)
            if (PyList_Append(shown, PyList_GET_ITEM(open, j)) < 0)
                goto done;
        if (PyList_Append(shown, CLOSE_SHOW) < 0 || PyList_Append(shown, middle) < 0)
            goto done;
        elements++;
        if (PyList_SetSlice(open, 0, PyList_GET_SIZE(open), NULL) < 0 || PyList_Append(open, RUN_TAIL(run)) < 0)
            goto done;
    }
    /* no kerning on the line: "(" + text + ") Tj"; else "[" + shown + " (" + open + ")] TJ" */
    PyObject *pieces = PyList_New(0);
    if (pieces == NULL)
        goto done;
    int failed = 0;
    if (elements) {
        failed |= PyList_Append(pieces, ARRAY_OPEN) < 0;
        for (Py_ssize_t j = 0; !failed && j < PyList_GET_SIZE(shown); j++)
            failed |= PyList_Append(pieces, PyList_GET_ITEM(shown, j)) < 0;
        failed |= failed || PyList_Append(pieces, ARRAY_LAST) < 0;
    }
    else
        failed |= PyList_Append(pieces, OPEN) < 0;
    for (Py_ssize_t j = 0; !failed && j < PyList_GET_SIZE(open); j++)
        failed |= PyList_Append(pieces, PyList_GET_ITEM(open, j)) < 0;
    failed |= failed || PyList_Append(pieces, elements ? ARRAY_CLOSE : SHOW_CLOSE) < 0;
    PyObject *operator = failed ? NULL : PyUnicode_Join(EMPTY, pieces);
    Py_DECREF(pieces);
    if (operator != NULL) {
        result = PyTuple_Pack(2, name, operator);
        Py_DECREF(operator);
    }
done:
    Py_DECREF(words);
    Py_XDECREF(shown);
    Py_XDECREF(open);
    return result;
}

/* rl_accel.escapePDF of bytes[start:end]: ( ) \ escaped, bytes below 32 and from 127 on as \ooo. */
static PyObject *escaped(const unsigned char *bytes, Py_ssize_t start, Py_ssize_t end)
{
    if (end <= start)
        return Py_NewRef(EMPTY);
    char stack[256];
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
static PyObject *word_run(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || !PyDict_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError, "word_run(word: str, encoded: bytes, pairs: dict, adjustment, name)");
        return NULL;
    }
    PyObject *word = args[0], *pairs = args[2], *adjustment = args[3], *name = args[4];
    const unsigned char *bytes = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    if (PyBytes_GET_SIZE(args[1]) != length) {
        PyErr_SetString(PyExc_ValueError, "word_run: one byte a character");
        return NULL;
    }
    PyObject *pieces = PyList_New(0), *result = NULL;
    if (pieces == NULL)
        return NULL;
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
        double move = PyFloat_AsDouble(value);
        if (move == -1.0 && PyErr_Occurred())
            goto done;
        if (move == 0.0)
            continue;
        PyObject *text = escaped(bytes, start, k + 1);
        if (text == NULL)
            goto done;
        int failed = PyList_Append(pieces, text);
        Py_DECREF(text);
        PyObject *moved = failed ? NULL : PyObject_CallOneArg(adjustment, value);
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
    Py_DECREF(pieces);
    return result;
}

static PyMethodDef methods[] = {
    {"kerned_line", (PyCFunction)(void (*)(void))kerned_line, METH_FASTCALL,
     "kerned_line(recent, text, space) -> (subset name, operator) | None: TextWriter._line's common case."},
    {"word_run", (PyCFunction)(void (*)(void))word_run, METH_FASTCALL,
     "word_run(word, encoded, pairs, adjustment, name) -> run | None: TextWriter._run's common case."},
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
    if (!OPEN || !CLOSE || !CLOSE_SHOW || !SEPARATOR || !ARRAY_OPEN || !ARRAY_LAST || !ARRAY_CLOSE || !SHOW_CLOSE || !EMPTY
        || !SPACE)
        return NULL;
    return PyModule_Create(&module);
}
