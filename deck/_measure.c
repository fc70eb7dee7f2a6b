/* The kerned width of a text, compiled: deck/measure.py's Kerning.width and Measure.widths, and the
 * widths of a word's every beginning (linebreak._Pieces).
 *
 * A text's width at 1000 units per em is its characters' advances added up in order, then its
 * pairs' kerning added up in order, on IEEE doubles as Python adds them (setup.py builds this with
 * -ffp-contract=off). Where a pair has not been measured yet (HarfBuzz shapes it, in Python), the
 * functions say so and measure.py measures the text itself; so a deck built with or without this
 * module is the same PDF (tests/test_measure_compiled.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* 0 and `*value`: the advance of code point `code` (`fallback` when `advances` lacks it); -1: an error. */
static int advance_of(PyObject *advances, double fallback, Py_UCS4 code, double *value)
{
    PyObject *key = PyLong_FromLong((long)code);
    if (key == NULL)
        return -1;
    PyObject *advance = PyDict_GetItemWithError(advances, key); /* borrowed */
    Py_DECREF(key);
    if (advance == NULL) {
        *value = fallback;
        return PyErr_Occurred() ? -1 : 0;
    }
    *value = PyFloat_AsDouble(advance);
    return *value == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* 1 and `*value`: the kerning of text[k:k + 2]; 0: that pair is not in `pairs`; -1: an error. */
static int pair_of(PyObject *pairs, PyObject *text, Py_ssize_t k, double *value)
{
    PyObject *pair = PyUnicode_Substring(text, k, k + 2);
    if (pair == NULL)
        return -1;
    PyObject *kern = PyDict_GetItemWithError(pairs, pair); /* borrowed */
    Py_DECREF(pair);
    if (kern == NULL)
        return PyErr_Occurred() ? -1 : 0;
    *value = PyFloat_AsDouble(kern);
    return *value == -1.0 && PyErr_Occurred() ? -1 : 1;
}

/* 1: `*total` is the width of `text`; 0: a pair of it is not in `pairs`; -1: an error. */
static int width_of(PyObject *text, PyObject *advances, double fallback, PyObject *pairs, double *total)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    double sum = 0.0, value;
    for (Py_ssize_t k = 0; k < length; k++) {
        if (advance_of(advances, fallback, PyUnicode_READ(kind, data, k), &value) < 0)
            return -1;
        sum += value;
    }
    for (Py_ssize_t k = 0; k + 1 < length; k++) {
        int found = pair_of(pairs, text, k, &value);
        if (found <= 0)
            return found;
        sum += value;
    }
    *total = sum;
    return 1;
}

PyDoc_STRVAR(kerned_width_doc,
"kerned_width(text, advances, default, pairs) -> float, or None\n\n"
"Kerning.width(text): the advances of text's characters (advances: code point -> width, default for\n"
"the others) and then the kerning of its pairs (pairs: two characters -> kerning) added up in order;\n"
"None when a pair is not in pairs.");

static PyObject *kerned_width(PyObject *self, PyObject *args)
{
    PyObject *text, *advances, *pairs;
    double fallback, total;
    if (!PyArg_ParseTuple(args, "UO!dO!:kerned_width", &text, &PyDict_Type, &advances, &fallback,
                          &PyDict_Type, &pairs))
        return NULL;
    int found = width_of(text, advances, fallback, pairs, &total);
    if (found < 0)
        return NULL;
    if (found == 0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(total);
}

PyDoc_STRVAR(widths_doc,
"widths(texts, table, advances, default, pairs, size, tracking) -> list of floats, or None\n\n"
"Measure.widths: each text's width at 1 pt, from table (text -> width at 1 pt) or else measured as\n"
"kerned_width(...) / 1000 and kept in table; then (width + tracking * len(text)) * size where\n"
"tracking is not 0, else width * size. None, at the first text with a pair not in pairs (the\n"
"texts before it kept in table all the same).");

static PyObject *widths(PyObject *self, PyObject *args)
{
    PyObject *texts, *table, *advances, *pairs;
    double fallback, size, tracking;
    if (!PyArg_ParseTuple(args, "O!O!O!dO!dd:widths", &PyList_Type, &texts, &PyDict_Type, &table,
                          &PyDict_Type, &advances, &fallback, &PyDict_Type, &pairs, &size, &tracking))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    PyObject *result = PyList_New(count);
    if (result == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k); /* borrowed */
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "widths: the texts must be str");
            goto error;
        }
        double unit;
        PyObject *known = PyDict_GetItemWithError(table, text); /* borrowed */
        if (known != NULL) {
            unit = PyFloat_AsDouble(known);
            if (unit == -1.0 && PyErr_Occurred())
                goto error;
        }
        else {
            if (PyErr_Occurred())
                goto error;
            double total;
            int found = width_of(text, advances, fallback, pairs, &total);
            if (found < 0)
                goto error;
            if (found == 0) {
                Py_DECREF(result);
                Py_RETURN_NONE;
            }
            unit = total / 1000;
            PyObject *kept = PyFloat_FromDouble(unit);
            if (kept == NULL)
                goto error;
            int failed = PyDict_SetItem(table, text, kept);
            Py_DECREF(kept);
            if (failed)
                goto error;
        }
        double width = tracking != 0.0 ? (unit + tracking * (double)PyUnicode_GET_LENGTH(text)) * size
                                       : unit * size;
        PyObject *item = PyFloat_FromDouble(width);
        if (item == NULL)
            goto error;
        PyList_SET_ITEM(result, k, item);
    }
    return result;
error:
    Py_DECREF(result);
    return NULL;
}

PyDoc_STRVAR(prefix_widths_doc,
"prefix_widths(token, advances, default, pairs, scale, tracking) -> list of floats, or None\n\n"
"linebreak._Pieces' prefix: [0.0, then for each character k of token the width before it plus\n"
"(its advance + the kerning of the pair it ends, from the second character on) * scale + tracking];\n"
"None when a pair is not in pairs.");

static PyObject *prefix_widths(PyObject *self, PyObject *args)
{
    PyObject *token, *advances, *pairs;
    double fallback, scale, tracking;
    if (!PyArg_ParseTuple(args, "UO!dO!dd:prefix_widths", &token, &PyDict_Type, &advances, &fallback,
                          &PyDict_Type, &pairs, &scale, &tracking))
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(token);
    int kind = PyUnicode_KIND(token);
    const void *data = PyUnicode_DATA(token);
    PyObject *result = PyList_New(length + 1);
    if (result == NULL)
        return NULL;
    double before = 0.0;
    PyObject *item = PyFloat_FromDouble(before);
    if (item == NULL)
        goto error;
    PyList_SET_ITEM(result, 0, item);
    for (Py_ssize_t k = 0; k < length; k++) {
        double step, kern = 0.0;
        if (advance_of(advances, fallback, PyUnicode_READ(kind, data, k), &step) < 0)
            goto error;
        if (k) {
            int found = pair_of(pairs, token, k - 1, &kern);
            if (found < 0)
                goto error;
            if (found == 0) {
                Py_DECREF(result);
                Py_RETURN_NONE;
            }
        }
        step = step + kern;
        before = before + step * scale + tracking;
        item = PyFloat_FromDouble(before);
        if (item == NULL)
            goto error;
        PyList_SET_ITEM(result, k + 1, item);
    }
    return result;
error:
    Py_DECREF(result);
    return NULL;
}

static PyMethodDef methods[] = {
    {"kerned_width", kerned_width, METH_VARARGS, kerned_width_doc},
    {"widths", widths, METH_VARARGS, widths_doc},
    {"prefix_widths", prefix_widths, METH_VARARGS, prefix_widths_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "deck._measure",
    "deck/measure.py's kerned widths, compiled (see the C file's opening comment).", -1, methods,
};

PyMODINIT_FUNC PyInit__measure(void)
{
    return PyModule_Create(&module);
}
