/* A paragraph's lines as deck/typeset.py remembers them, unpacked, compiled: _unpacked's common case.
 *
 * Most paragraphs are kept broken at their spaces, as one bytes: each line's width as a double and
 * then the length of each line's text (in characters) as an unsigned int, in the machine's order
 * (typeset._packed writes them with array). unpacked() gives the same lines typeset._unpacked
 * does (tests/test_typeset_compiled.py): Line(text, style, width, "") for each, a line's text the
 * paragraph's characters from where the last one ended, past the space between them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

PyDoc_STRVAR(unpacked_doc,
"unpacked(packed, paragraph, style, line_type) -> list of lines\n\n"
"typeset._unpacked(packed, paragraph, style) for packed bytes: line_type(text, style, width, '')\n"
"for each line kept in packed.");

static PyObject *unpacked(PyObject *self, PyObject *args)
{
    Py_buffer packed;
    PyObject *paragraph, *style, *line_type;
    if (!PyArg_ParseTuple(args, "y*UOO!:unpacked", &packed, &paragraph, &style, &PyType_Type, &line_type))
        return NULL;
    PyObject *result = NULL, *empty = NULL;
    PyTypeObject *type = (PyTypeObject *)line_type;
    if (!PyType_IsSubtype(type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "unpacked: the line type must be a tuple type");
        goto done;
    }
    if (packed.len % 12) {
        PyErr_SetString(PyExc_ValueError, "unpacked: packed lines are 12 bytes each");
        goto done;
    }
    Py_ssize_t count = packed.len / 12, start = 0, length = PyUnicode_GET_LENGTH(paragraph);
    const char *bytes = packed.buf;
    empty = PyUnicode_New(0, 0);
    result = PyList_New(count);
    if (empty == NULL || result == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < count; k++) {
        double width;
        unsigned int size;
        memcpy(&width, bytes + 8 * k, sizeof width);
        memcpy(&size, bytes + 8 * count + 4 * k, sizeof size);
        /* as the slice paragraph[start:start + size] would, within the paragraph */
        Py_ssize_t from = start < length ? start : length;
        Py_ssize_t to = start + (Py_ssize_t)size < length ? start + (Py_ssize_t)size : length;
        PyObject *text = PyUnicode_Substring(paragraph, from, to);
        PyObject *number = PyFloat_FromDouble(width);
        PyObject *line = type->tp_alloc(type, 4);
        if (text == NULL || number == NULL || line == NULL) {
            Py_XDECREF(text);
            Py_XDECREF(number);
            Py_XDECREF(line);
            goto fail;
        }
        Py_INCREF(style);
        Py_INCREF(empty);
        PyTuple_SET_ITEM(line, 0, text);
        PyTuple_SET_ITEM(line, 1, style);
        PyTuple_SET_ITEM(line, 2, number);
        PyTuple_SET_ITEM(line, 3, empty);
        PyList_SET_ITEM(result, k, line);
        start += (Py_ssize_t)size + 1;
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    Py_XDECREF(empty);
    PyBuffer_Release(&packed);
    return result;
}

static PyMethodDef methods[] = {
    {"unpacked", unpacked, METH_VARARGS, unpacked_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "deck._typeset",
    "deck/typeset.py's kept lines unpacked, compiled (see the C file's opening comment).", -1, methods,
};

PyMODINIT_FUNC PyInit__typeset(void)
{
    return PyModule_Create(&module);
}
