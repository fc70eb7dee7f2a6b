/* deck/typeset.py's inner loops, compiled: a paragraph's kept lines unpacked (_unpacked's common
 * case), a column's lines stacked (Typesetter.set) and placed on the face (grid.set_flow).
 *
 * Most paragraphs are kept broken at their spaces, as one bytes: each line's width as a double and
 * then the length of each line's text (in characters) as an unsigned int, in the machine's order
 * (typeset._packed writes them with array). unpacked() gives the same lines typeset._unpacked
 * does (tests/test_typeset_compiled.py): Line(text, style, width, "") for each, a line's text the
 * paragraph's characters from where the last one ended, past the space between them.
 *
 * stacked() and placed() add up the same doubles in the same order as the Python they stand for
 * (setup.py builds this with -ffp-contract=off), so a deck built with or without this module is
 * the same PDF.
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

/* A new placed line: placed_type(x, y, line, drop); x may be given as an object (the paragraph's indent). */
static PyObject *new_placed(PyTypeObject *type, PyObject *x_object, double x, double y, PyObject *line, double drop)
{
    PyObject *placed = type->tp_alloc(type, 4);
    if (placed == NULL)
        return NULL;
    PyObject *xs = x_object != NULL ? (Py_INCREF(x_object), x_object) : PyFloat_FromDouble(x);
    PyObject *ys = PyFloat_FromDouble(y), *drops = PyFloat_FromDouble(drop);
    if (xs == NULL || ys == NULL || drops == NULL) {
        Py_XDECREF(xs);
        Py_XDECREF(ys);
        Py_XDECREF(drops);
        Py_DECREF(placed);
        return NULL;
    }
    Py_INCREF(line);
    PyTuple_SET_ITEM(placed, 0, xs);
    PyTuple_SET_ITEM(placed, 1, ys);
    PyTuple_SET_ITEM(placed, 2, line);
    PyTuple_SET_ITEM(placed, 3, drops);
    return placed;
}

static int number_of(PyObject *object, double *value)
{
    *value = PyFloat_AsDouble(object);
    return *value == -1.0 && PyErr_Occurred() ? -1 : 0;
}

static int style_numbers(PyObject *style, double *size, double *leading)
{
    PyObject *found = PyObject_GetAttrString(style, "size");
    if (found == NULL)
        return -1;
    int failed = number_of(found, size);
    Py_DECREF(found);
    if (failed)
        return -1;
    found = PyObject_GetAttrString(style, "leading");
    if (found == NULL)
        return -1;
    failed = number_of(found, leading);
    Py_DECREF(found);
    return failed;
}

PyDoc_STRVAR(stacked_doc,
"stacked(paragraphs, broken, bullets, placed_type) -> (lines, tops, bottoms, depth, drop, drops, spans)\n\n"
"Typesetter.set's loop: each paragraph's lines (broken[i]) stacked below the last, its bullet line\n"
"(bullets[i], or None) beside its first; the same numbers, added in the same order.");

static PyObject *stacked(PyObject *self, PyObject *args)
{
    PyObject *paragraph_list, *broken_list, *bullet_list, *placed_object;
    if (!PyArg_ParseTuple(args, "OOOO!:stacked", &paragraph_list, &broken_list, &bullet_list, &PyType_Type,
                          &placed_object))
        return NULL;
    PyTypeObject *placed_type = (PyTypeObject *)placed_object;
    if (!PyType_IsSubtype(placed_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "stacked: the placed type must be a tuple type");
        return NULL;
    }
    PyObject *paragraphs = PySequence_Fast(paragraph_list, "stacked: paragraphs");
    PyObject *broken = PySequence_Fast(broken_list, "stacked: broken");
    PyObject *bullets = PySequence_Fast(bullet_list, "stacked: bullets");
    PyObject *lines = PyList_New(0), *tops = NULL, *bottoms = NULL, *drops = NULL, *spans = NULL, *result = NULL;
    if (paragraphs == NULL || broken == NULL || bullets == NULL || lines == NULL)
        goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(paragraphs);
    if (PySequence_Fast_GET_SIZE(broken) != count || PySequence_Fast_GET_SIZE(bullets) != count) {
        PyErr_SetString(PyExc_ValueError, "stacked: one list of lines and one bullet per paragraph");
        goto done;
    }
    tops = PyTuple_New(count);
    bottoms = PyTuple_New(count);
    drops = PyTuple_New(count);
    spans = PyTuple_New(count);
    if (tops == NULL || bottoms == NULL || drops == NULL || spans == NULL)
        goto done;
    double depth = 0.0, drop = 0.0;
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *paragraph = PySequence_Fast_GET_ITEM(paragraphs, index);
        if (!PyTuple_Check(paragraph) || PyTuple_GET_SIZE(paragraph) < 6) {
            PyErr_SetString(PyExc_TypeError, "stacked: a paragraph is a Paragraph");
            goto done;
        }
        PyObject *style = PyTuple_GET_ITEM(paragraph, 1), *indent_object = PyTuple_GET_ITEM(paragraph, 3);
        double space_before, indent, size, leading;
        if (number_of(PyTuple_GET_ITEM(paragraph, 2), &space_before) || number_of(indent_object, &indent)
            || style_numbers(style, &size, &leading))
            goto done;
        int stretch = PyObject_IsTrue(PyTuple_GET_ITEM(paragraph, 5));
        if (stretch < 0)
            goto done;
        double hang = 0.0;  /* Paragraph.hang: the first line stands that far left of the indent */
        if (PyTuple_GET_SIZE(paragraph) > 9 && number_of(PyTuple_GET_ITEM(paragraph, 9), &hang))
            goto done;
        if (index) {
            depth += space_before;
            drop += stretch ? space_before : 0.0;
        }
        PyObject *top = PyFloat_FromDouble(depth), *down = PyFloat_FromDouble(drop);
        if (top == NULL || down == NULL) {
            Py_XDECREF(top);
            Py_XDECREF(down);
            goto done;
        }
        PyTuple_SET_ITEM(tops, index, top);
        PyTuple_SET_ITEM(drops, index, down);
        Py_ssize_t first = PyList_GET_SIZE(lines);
        PyObject *own = PySequence_Fast(PySequence_Fast_GET_ITEM(broken, index), "stacked: a paragraph's lines");
        if (own == NULL)
            goto done;
        PyObject *bullet = PySequence_Fast_GET_ITEM(bullets, index);
        for (Py_ssize_t number = 0; number < PySequence_Fast_GET_SIZE(own); number++) {
            depth += number == 0 && PyList_GET_SIZE(lines) == 0 ? size : leading;
            if (number == 0 && bullet != Py_None) {
                PyObject *mark = new_placed(placed_type, NULL, indent - size, depth, bullet, drop);
                if (mark == NULL || PyList_Append(lines, mark)) {
                    Py_XDECREF(mark);
                    Py_DECREF(own);
                    goto done;
                }
                Py_DECREF(mark);
            }
            PyObject *line = number == 0 && hang != 0.0
                ? new_placed(placed_type, NULL, indent - hang, depth, PySequence_Fast_GET_ITEM(own, number), drop)
                : new_placed(placed_type, indent_object, 0.0, depth, PySequence_Fast_GET_ITEM(own, number), drop);
            if (line == NULL || PyList_Append(lines, line)) {
                Py_XDECREF(line);
                Py_DECREF(own);
                goto done;
            }
            Py_DECREF(line);
        }
        Py_DECREF(own);
        PyObject *bottom = PyFloat_FromDouble(depth);
        PyObject *span = Py_BuildValue("(nn)", first, PyList_GET_SIZE(lines));
        if (bottom == NULL || span == NULL) {
            Py_XDECREF(bottom);
            Py_XDECREF(span);
            goto done;
        }
        PyTuple_SET_ITEM(bottoms, index, bottom);
        PyTuple_SET_ITEM(spans, index, span);
    }
    PyObject *all = PyList_AsTuple(lines);
    if (all != NULL)
        result = Py_BuildValue("(NOOddOO)", all, tops, bottoms, depth, drop, drops, spans);
done:
    Py_XDECREF(paragraphs);
    Py_XDECREF(broken);
    Py_XDECREF(bullets);
    Py_XDECREF(lines);
    Py_XDECREF(tops);
    Py_XDECREF(bottoms);
    Py_XDECREF(drops);
    Py_XDECREF(spans);
    return result;
}

PyDoc_STRVAR(placed_doc,
"placed(columns, lefts, top, placed_type) -> tuple of placed lines\n\n"
"grid.set_flow's lines: each column's lines (x, y, line, drop) as placed_type(left + x, top - y,\n"
"line, drop), the columns one after the other.");

static PyObject *placed(PyObject *self, PyObject *args)
{
    PyObject *column_list, *left_list, *placed_object;
    double top;
    if (!PyArg_ParseTuple(args, "OOdO!:placed", &column_list, &left_list, &top, &PyType_Type, &placed_object))
        return NULL;
    PyTypeObject *placed_type = (PyTypeObject *)placed_object;
    if (!PyType_IsSubtype(placed_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "placed: the placed type must be a tuple type");
        return NULL;
    }
    PyObject *columns = PySequence_Fast(column_list, "placed: columns");
    PyObject *lefts = PySequence_Fast(left_list, "placed: lefts");
    PyObject *found = PyList_New(0), *result = NULL;
    if (columns == NULL || lefts == NULL || found == NULL)
        goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(columns);
    if (PySequence_Fast_GET_SIZE(lefts) < count)
        count = PySequence_Fast_GET_SIZE(lefts); /* as zip() */
    for (Py_ssize_t c = 0; c < count; c++) {
        double left;
        if (number_of(PySequence_Fast_GET_ITEM(lefts, c), &left))
            goto done;
        PyObject *own = PySequence_Fast(PySequence_Fast_GET_ITEM(columns, c), "placed: a column's lines");
        if (own == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(own); k++) {
            PyObject *line = PySequence_Fast_GET_ITEM(own, k);
            double x, y, drop;
            if (!PyTuple_Check(line) || PyTuple_GET_SIZE(line) != 4) {
                PyErr_SetString(PyExc_TypeError, "placed: a line is a Placed");
                Py_DECREF(own);
                goto done;
            }
            PyObject *moved = NULL;
            if (!number_of(PyTuple_GET_ITEM(line, 0), &x) && !number_of(PyTuple_GET_ITEM(line, 1), &y)
                && !number_of(PyTuple_GET_ITEM(line, 3), &drop))
                moved = new_placed(placed_type, NULL, left + x, top - y, PyTuple_GET_ITEM(line, 2), drop);
            int failed = moved == NULL || PyList_Append(found, moved);
            Py_XDECREF(moved);
            if (failed) {
                Py_DECREF(own);
                goto done;
            }
        }
        Py_DECREF(own);
    }
    result = PyList_AsTuple(found);
done:
    Py_XDECREF(columns);
    Py_XDECREF(lefts);
    Py_XDECREF(found);
    return result;
}

static PyMethodDef methods[] = {
    {"unpacked", unpacked, METH_VARARGS, unpacked_doc},
    {"stacked", stacked, METH_VARARGS, stacked_doc},
    {"placed", placed, METH_VARARGS, placed_doc},
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
