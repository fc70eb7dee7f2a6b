/* The inner loops of deck/linebreak.py's total-fit search, compiled.
 *
 * search_words() and search() are _search_words() and _search() of linebreak.py, line for line:
 * the same arithmetic in the same order on IEEE doubles (no fused multiply-add: setup.py builds
 * this with -ffp-contract=off), the same strict comparisons, the same order of candidates; so they
 * choose the same breaks, and a deck built with or without this module is the same PDF
 * (tests/test_linebreak_compiled.py). linebreak.py falls back to its own functions where this
 * module was not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#define LINE_PENALTY 10.0
#define DOUBLE_HYPHEN 5000.0
#define MAX_HYPHEN_STACK 2
#define STATES (MAX_HYPHEN_STACK + 1)
#define TOLERANCE 1e-6

static PyObject *EMPTY, *SPACE;  /* "" and " " (made when the module is) */

/* A sequence of numbers (integers and booleans too: exact as doubles) -> a new C array of `count`
 * doubles (count -1: the sequence's length). */
static double *doubles(PyObject *sequence, Py_ssize_t *count, const char *name)
{
    PyObject *fast = PySequence_Fast(sequence, name);
    if (fast == NULL)
        return NULL;
    Py_ssize_t length = PySequence_Fast_GET_SIZE(fast);
    if (*count >= 0 && length != *count) {
        PyErr_Format(PyExc_ValueError, "%s: %zd values, expected %zd", name, length, *count);
        Py_DECREF(fast);
        return NULL;
    }
    double *values = PyMem_Malloc((length ? length : 1) * sizeof(double));
    if (values == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < length; k++) {
        values[k] = PyFloat_AsDouble(items[k]);
        if (values[k] == -1.0 && PyErr_Occurred()) {
            PyMem_Free(values);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    *count = length;
    return values;
}

/* linebreak._line_cost: a line's badness, and in `extra` what it pays besides. */
static inline double line_cost(double line, double width, double rag, int free, int alone_here, double alone,
                               double *extra)
{
    if (free) {
        *extra = alone_here ? alone : 0.0;
        return 0.0;
    }
    *extra = 0.0;
    const double ratio = (width - line) / rag;
    return 100.0 * (ratio * ratio * ratio);
}

static PyObject *index_list(const Py_ssize_t *reversed, Py_ssize_t length)
{
    PyObject *list = PyList_New(length);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < length; k++) {
        PyObject *number = PyLong_FromSsize_t(reversed[length - 1 - k]);
        if (number == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, k, number);
    }
    return list;
}

/* linebreak._search_words on C arrays: 1 with the ends in `ends` (last first, `*length` of them),
 * 0 when no way stays within `tolerance`, -1 out of memory. prefix: count + 1 values; glue and
 * costs: count. */
static int words_search(const double *prefix, const double *glue, const double *costs, Py_ssize_t count,
                        double width, double rag, double tolerance, int balance, double alone,
                        Py_ssize_t *ends, Py_ssize_t *length)
{
    double *totals = PyMem_Malloc((count + 1) * sizeof(double));
    Py_ssize_t *previous = PyMem_Malloc((count + 1) * sizeof(Py_ssize_t));
    char *reached = PyMem_Calloc(count + 1, 1);
    int found_all = -1;
    if (totals == NULL || previous == NULL || reached == NULL)
        goto done;
    const double limit = width + TOLERANCE;
    totals[0] = 0.0;
    reached[0] = 1;
    previous[0] = -1;
    for (Py_ssize_t e = 1; e <= count; e++) {
        const int last = e == count;
        const double cost = costs[e - 1];
        double best_total = 0.0;
        Py_ssize_t best_start = -1;
        int found = 0;
        for (Py_ssize_t start = e - 1; start >= 0; start--) {
            const double line = prefix[e] - prefix[start] - glue[start];
            if (line > limit)
                break;
            if (!reached[start])
                continue;
            double extra;
            const double badness = line_cost(line, width, rag, last && !balance, start == e - 1 && e > 1, alone, &extra);
            if (tolerance >= 0 && badness > tolerance)
                continue;
            const double demerits = LINE_PENALTY + badness;
            const double candidate = totals[start] + demerits * demerits + cost + extra;
            if (!found || candidate < best_total) {
                best_total = candidate;
                best_start = start;
                found = 1;
            }
        }
        totals[e] = best_total;
        previous[e] = best_start;
        reached[e] = (char)found;
    }
    found_all = reached[count] ? 1 : 0;
    if (found_all) {
        Py_ssize_t e = count;
        *length = 0;
        while (e > 0) {
            ends[(*length)++] = e;
            e = previous[e];
        }
    }
done:
    PyMem_Free(totals);
    PyMem_Free(previous);
    PyMem_Free(reached);
    return found_all;
}

PyDoc_STRVAR(search_words_doc,
"search_words(prefix, glue, costs, width, rag, tolerance, balance, alone) -> list of ends or None\n\n"
"linebreak._search_words, compiled.");

static PyObject *search_words(PyObject *self, PyObject *args)
{
    PyObject *prefix_in, *glue_in, *costs_in;
    double width, rag, tolerance, alone;
    int balance;
    if (!PyArg_ParseTuple(args, "OOOdddpd:search_words", &prefix_in, &glue_in, &costs_in, &width, &rag,
                          &tolerance, &balance, &alone))
        return NULL;
    Py_ssize_t count = -1, with_end;
    double *glue = doubles(glue_in, &count, "glue");
    if (glue == NULL)
        return NULL;
    with_end = count + 1;
    double *prefix = doubles(prefix_in, &with_end, "prefix");
    Py_ssize_t cost_count = count;
    double *costs = prefix ? doubles(costs_in, &cost_count, "costs") : NULL;
    Py_ssize_t *ends = PyMem_Malloc((count + 1) * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    if (prefix == NULL || costs == NULL)
        goto done;
    if (ends == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t length = 0;
    int found = words_search(prefix, glue, costs, count, width, rag, tolerance, balance, alone, ends, &length);
    if (found < 0)
        PyErr_NoMemory();
    else
        result = found ? index_list(ends, length) : Py_NewRef(Py_None);
done:
    PyMem_Free(glue);
    PyMem_Free(prefix);
    PyMem_Free(costs);
    PyMem_Free(ends);
    return result;
}

/* linebreak._letters: how many of the word's characters are letters (str.isalpha). */
static Py_ssize_t letters(PyObject *word)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(word), found = 0;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t k = 0; k < length; k++)
        found += Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k)) != 0;
    return found;
}

PyDoc_STRVAR(set_words_doc,
"set_words(words, widths, space, width, rag, tolerance, alone_short, alone, text, costs, balance)\n"
"    -> bytes or None\n\n"
"linebreak.set_plain, compiled: the lines break_paragraph sets for `words` (their widths, a space\n"
"`space` wide) in a column `width` wide between words: within `tolerance` (>= 0: the first try of a\n"
"paragraph to hyphenate) or any way (< 0: display text, or text not hyphenated), a line ending after\n"
"word k paying costs[k] (None: nothing), even lines with `balance` (display text on one line when it\n"
"fits); packed as typeset._packed packs lines broken at the spaces of `text` (their widths as\n"
"doubles, then the lengths of their texts as unsigned ints). Where no way stays within `tolerance`,\n"
"or one ends in a short word alone on its last line, the best way there is, if it takes two lines\n"
"or fewer; else False: break_paragraph would try hyphens next. None where break_paragraph goes\n"
"another way (a word wider than the column: it is cut) and where the lines would not be packed so:\n"
"`text` is not the words joined by spaces, or a space has no width.");

static PyObject *set_words(PyObject *self, PyObject *args)
{
    PyObject *words, *widths_in, *text, *costs_in;
    double space, width, rag, tolerance, alone_short, alone_long;
    int balance;
    if (!PyArg_ParseTuple(args, "O!OddddddUOp:set_words", &PyList_Type, &words, &widths_in, &space, &width, &rag,
                          &tolerance, &alone_short, &alone_long, &text, &costs_in, &balance))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(words);
    if (count == 0 || space == 0.0)
        Py_RETURN_NONE;
    for (Py_ssize_t k = 0; k < count; k++)
        if (!PyUnicode_Check(PyList_GET_ITEM(words, k))) {
            PyErr_SetString(PyExc_TypeError, "set_words: the words must be str");
            return NULL;
        }
    Py_ssize_t known = count;
    double *full = doubles(widths_in, &known, "widths");
    if (full == NULL)
        return NULL;
    Py_ssize_t cost_count = count;
    double *costs = costs_in == Py_None ? PyMem_Calloc(count, sizeof(double)) : doubles(costs_in, &cost_count, "costs");
    double *prefix = PyMem_Malloc((count + 1) * sizeof(double));
    double *glue = PyMem_Malloc(count * sizeof(double));
    Py_ssize_t *ends = PyMem_Malloc((count + 1) * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    if (costs == NULL && costs_in != Py_None)
        goto done;
    if (prefix == NULL || glue == NULL || costs == NULL || ends == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* _fitting_tokens: every word fits the column (else it is cut: not the common case) */
    for (Py_ssize_t k = 0; k < count; k++)
        if (full[k] > width) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    /* _Paragraph: the space before each word (none before the first), and the widths added up */
    double total = 0.0;
    prefix[0] = 0.0;
    for (Py_ssize_t k = 0; k < count; k++) {
        glue[k] = k ? space : 0.0;
        total += glue[k] + full[k];
        prefix[k + 1] = total;
    }
    Py_ssize_t length = 0;
    if (balance && prefix[count] <= width + TOLERANCE) {
        /* break_paragraph: display text that fits on one line stays on one line */
        ends[0] = count;
        length = 1;
    }
    else {
        /* _Paragraph.best with no breaks inside words */
        const Py_ssize_t last_letters = letters(PyList_GET_ITEM(words, count - 1));
        const double alone = count > 1 ? (last_letters >= 5 ? alone_long : alone_short) : 0.0;
        int found = words_search(prefix, glue, costs, count, width, rag, tolerance, balance, alone, ends, &length);
        if (found < 0) {
            PyErr_NoMemory();
            goto done;
        }
        /* none (within the tolerance), or (_tolerated) a short word alone on the last of several lines */
        if (tolerance >= 0 && (!found || (length > 1 && ends[1] == count - 1 && last_letters < 5))) {
            /* break_paragraph then sets it between words any way: two lines or fewer are taken, more
             * are worth trying hyphens */
            found = words_search(prefix, glue, costs, count, width, rag, -1.0, balance, alone, ends, &length);
            if (found < 0) {
                PyErr_NoMemory();
                goto done;
            }
            if (found && length > 2) {
                result = Py_NewRef(Py_False);
                goto done;
            }
        }
        if (!found) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    PyObject *joined = PyUnicode_Join(SPACE, words);
    if (joined == NULL)
        goto done;
    int same = PyUnicode_Compare(joined, text);
    Py_DECREF(joined);
    if (same == -1 && PyErr_Occurred())
        goto done;
    if (same != 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* typeset._packed: each line's width, then the length of its text */
    result = PyBytes_FromStringAndSize(NULL, length * 12);
    if (result == NULL)
        goto done;
    char *bytes = PyBytes_AS_STRING(result);
    Py_ssize_t start = 0;
    for (Py_ssize_t line = 0; line < length; line++) {
        const Py_ssize_t end = ends[length - 1 - line];
        /* _Paragraph.best's line: its first word, then the rest with the spaces before them */
        const double line_width = full[start] + prefix[end] - prefix[start + 1];
        Py_ssize_t characters = end - start - 1;
        for (Py_ssize_t k = start; k < end; k++)
            characters += PyUnicode_GET_LENGTH(PyList_GET_ITEM(words, k));
        const unsigned int size = (unsigned int)characters;
        memcpy(bytes + 8 * line, &line_width, sizeof line_width);
        memcpy(bytes + 8 * length + 4 * line, &size, sizeof size);
        start = end;
    }
done:
    PyMem_Free(full);
    PyMem_Free(prefix);
    PyMem_Free(glue);
    PyMem_Free(costs);
    PyMem_Free(ends);
    return result;
}

/* linebreak._search on C arrays (a node's token and break as doubles, as search() is given them):
 * 1 with the path in `path` (last first, `*length` nodes), 0 when no way stays within `tolerance`,
 * -1 out of memory. */
static int node_search(const double *tokens, const double *breaks, const double *first, const double *reach,
                       const double *heads, const double *costs, const double *hyphens, Py_ssize_t count,
                       double width, double rag, double tolerance, int balance, double alone, Py_ssize_t alone_from,
                       Py_ssize_t *path, Py_ssize_t *length)
{
    double *totals = PyMem_Malloc((count * STATES + 1) * sizeof(double));
    Py_ssize_t *from = PyMem_Malloc((count * STATES + 1) * sizeof(Py_ssize_t));
    signed char *stacks = PyMem_Malloc(count * STATES + 1);
    char *reached = PyMem_Calloc(count * STATES + 1, 1);
    int result = -1;
    if (totals == NULL || from == NULL || stacks == NULL || reached == NULL)
        goto done;
    if (count == 0) {
        result = 0;
        goto done;
    }
    const double limit = width + TOLERANCE;
    const Py_ssize_t end = count - 1;
    totals[0] = 0.0;
    from[0] = -1;
    stacks[0] = -1;
    reached[0] = 1;
    for (Py_ssize_t e = 1; e < count; e++) {
        const double j = tokens[e], bj = breaks[e];
        const double cost = costs[e], row = reach[e];
        const int hyphen = hyphens[e] != 0, last = e == end;
        for (Py_ssize_t s = e - 1; s >= 0; s--) {
            double line;
            if (tokens[s] == j) { /* a line holding only the head of this token */
                if (breaks[s] != -1 || bj < 0)
                    continue;
                line = heads[e];
            } else {
                line = first[s] + row;
                if (line > limit)
                    break;
            }
            if (line > limit)
                continue;
            if (!reached[s * STATES] && !reached[s * STATES + 1] && !reached[s * STATES + 2])
                continue;
            double extra;
            const double badness = line_cost(line, width, rag, last && !balance, s == alone_from, alone, &extra);
            if (tolerance >= 0 && badness > tolerance)
                continue;
            const double penalty = LINE_PENALTY + badness;
            const double demerits = penalty * penalty + cost + extra;
            for (int stack = 0; stack < STATES; stack++) {
                if (!reached[s * STATES + stack])
                    continue;
                const int grown = hyphen ? stack + 1 : 0;
                if (grown > MAX_HYPHEN_STACK)
                    continue;
                const double candidate = totals[s * STATES + stack] + demerits + (grown == 2 ? DOUBLE_HYPHEN : 0.0);
                const Py_ssize_t at = e * STATES + grown;
                if (!reached[at] || candidate < totals[at]) {
                    totals[at] = candidate;
                    from[at] = s;
                    stacks[at] = (signed char)stack;
                    reached[at] = 1;
                }
            }
        }
    }
    int stack = -1;
    double found = 0.0;
    for (int number = 0; number < STATES; number++) {
        if (reached[end * STATES + number] && (stack < 0 || totals[end * STATES + number] < found)) {
            stack = number;
            found = totals[end * STATES + number];
        }
    }
    if (stack < 0) {
        result = 0;
        goto done;
    }
    Py_ssize_t node = end;
    *length = 0;
    while (node > 0) {
        path[(*length)++] = node;
        const Py_ssize_t at = node * STATES + stack;
        node = from[at];
        stack = stacks[at];
    }
    result = 1;
done:
    PyMem_Free(totals);
    PyMem_Free(from);
    PyMem_Free(stacks);
    PyMem_Free(reached);
    return result;
}

PyDoc_STRVAR(search_doc,
"search(tokens, breaks, first, reach, heads, costs, hyphens, width, rag, tolerance, balance, alone,\n"
"       alone_from) -> list of node indices or None\n\nlinebreak._search, compiled.");

static PyObject *search(PyObject *self, PyObject *args)
{
    PyObject *tokens_in, *breaks_in, *first_in, *reach_in, *heads_in, *costs_in, *hyphens_in;
    double width, rag, tolerance, alone;
    int balance;
    Py_ssize_t alone_from;
    if (!PyArg_ParseTuple(args, "OOOOOOOdddpdn:search", &tokens_in, &breaks_in, &first_in, &reach_in, &heads_in,
                          &costs_in, &hyphens_in, &width, &rag, &tolerance, &balance, &alone, &alone_from))
        return NULL;
    Py_ssize_t count = -1;
    double *first = doubles(first_in, &count, "first");
    if (first == NULL)
        return NULL;
    double *reach = doubles(reach_in, &count, "reach");
    double *heads = reach ? doubles(heads_in, &count, "heads") : NULL;
    double *costs = heads ? doubles(costs_in, &count, "costs") : NULL;
    double *tokens = costs ? doubles(tokens_in, &count, "tokens") : NULL;
    double *breaks = tokens ? doubles(breaks_in, &count, "breaks") : NULL;
    double *hyphens = breaks ? doubles(hyphens_in, &count, "hyphens") : NULL;
    Py_ssize_t *path = PyMem_Malloc((count + 1) * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    if (hyphens == NULL)
        goto done;
    if (path == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t length = 0;
    int found = node_search(tokens, breaks, first, reach, heads, costs, hyphens, count, width, rag, tolerance, balance,
                            alone, alone_from, path, &length);
    if (found < 0)
        PyErr_NoMemory();
    else
        result = found ? index_list(path, length) : Py_NewRef(Py_None);
done:
    PyMem_Free(first);
    PyMem_Free(reach);
    PyMem_Free(heads);
    PyMem_Free(costs);
    PyMem_Free(tokens);
    PyMem_Free(breaks);
    PyMem_Free(hyphens);
    PyMem_Free(path);
    return result;
}

/* A Break's fields (hyphenate.Break: head, tail, hyphen, cost, kind). */
#define BREAK_HEAD(brk) PyTuple_GET_ITEM(brk, 0)
#define BREAK_TAIL(brk) PyTuple_GET_ITEM(brk, 1)
#define BREAK_HYPHEN(brk) PyTuple_GET_ITEM(brk, 2)
#define BREAK_COST(brk) PyTuple_GET_ITEM(brk, 3)
#define BREAK_KIND(brk) PyTuple_GET_ITEM(brk, 4)

static int is_break(PyObject *brk)
{
    return PyTuple_Check(brk) && PyTuple_GET_SIZE(brk) == 5 && PyUnicode_Check(BREAK_HEAD(brk))
           && PyUnicode_Check(BREAK_TAIL(brk)) && PyUnicode_Check(BREAK_KIND(brk));
}

/* A new SetLine(text, width, kind); steals text. */
static PyObject *set_line(PyTypeObject *type, PyObject *text, double width, PyObject *kind)
{
    PyObject *number = PyFloat_FromDouble(width), *line = type->tp_alloc(type, 3);
    if (text == NULL || number == NULL || line == NULL) {
        Py_XDECREF(text);
        Py_XDECREF(number);
        Py_XDECREF(line);
        return NULL;
    }
    PyTuple_SET_ITEM(line, 0, text);
    PyTuple_SET_ITEM(line, 1, number);
    PyTuple_SET_ITEM(line, 2, Py_NewRef(kind));
    return line;
}

/* A break's head as a line ends on it: with the hyphen it adds. */
static PyObject *head_text(PyObject *brk, int space)
{
    int hyphen = PyObject_IsTrue(BREAK_HYPHEN(brk));
    if (hyphen < 0)
        return NULL;
    return PyUnicode_FromFormat("%s%U%s", space ? " " : "", BREAK_HEAD(brk), hyphen ? "-" : "");
}

PyDoc_STRVAR(hyphenated_doc,
"hyphenated(tokens, full, prefix, glue, breaks, heads, tails, width, rag, alone, line_type, word_costs=None)\n"
"    -> list of lines or None\n\n"
"_Paragraph.best for a paragraph with hyphenation points, as break_paragraph asks it last (no\n"
"tolerance, no balance, no function words; word_costs[k]: what a line ending after token k pays,\n"
"linebreak._openers): its nodes made, searched and set as lines\n"
"line_type(text, width, kind), with the same arithmetic in the same order; None where no way\n"
"breaks it (best raises).");

static PyObject *hyphenated(PyObject *self, PyObject *args)
{
    PyObject *tokens, *full_in, *prefix_in, *glue_in, *breaks, *heads, *tails, *line_type, *word_costs_in = Py_None;
    double width, rag, alone;
    if (!PyArg_ParseTuple(args, "O!OOOO!O!O!dddO!|O:hyphenated", &PyList_Type, &tokens, &full_in, &prefix_in,
                          &glue_in, &PyList_Type, &breaks, &PyList_Type, &heads, &PyList_Type, &tails, &width, &rag,
                          &alone, &PyType_Type, &line_type, &word_costs_in))
        return NULL;
    PyTypeObject *type = (PyTypeObject *)line_type;
    Py_ssize_t count = PyList_GET_SIZE(tokens), with_end = count + 1, nodes = 1;
    if (!PyType_IsSubtype(type, &PyTuple_Type) || PyList_GET_SIZE(breaks) != count
            || PyList_GET_SIZE(heads) != count || PyList_GET_SIZE(tails) != count) {
        PyErr_SetString(PyExc_ValueError, "hyphenated: a tuple type, and breaks, heads and tails per token");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *at = PyList_GET_ITEM(breaks, i), *head = PyList_GET_ITEM(heads, i), *tail = PyList_GET_ITEM(tails, i);
        if (!PyUnicode_Check(PyList_GET_ITEM(tokens, i)) || !PyTuple_Check(at) || !PyTuple_Check(head)
                || !PyTuple_Check(tail) || PyTuple_GET_SIZE(head) != PyTuple_GET_SIZE(at)
                || PyTuple_GET_SIZE(tail) != PyTuple_GET_SIZE(at)) {
            PyErr_SetString(PyExc_ValueError, "hyphenated: per token a str, and as many heads and tails as breaks");
            return NULL;
        }
        for (Py_ssize_t b = 0; b < PyTuple_GET_SIZE(at); b++)
            if (!is_break(PyTuple_GET_ITEM(at, b))) {
                PyErr_SetString(PyExc_TypeError, "hyphenated: breaks must be hyphenate.Break");
                return NULL;
            }
        nodes += 1 + PyTuple_GET_SIZE(at);
    }
    Py_ssize_t known = count;
    double *full = doubles(full_in, &known, "full");
    known = count;
    double *glue = full ? doubles(glue_in, &known, "glue") : NULL;
    double *prefix = glue ? doubles(prefix_in, &with_end, "prefix") : NULL;
    /* what a line ending after token k pays (linebreak._openers), or none */
    Py_ssize_t word_count = count;
    double *word_costs = prefix && word_costs_in != Py_None ? doubles(word_costs_in, &word_count, "word costs") : NULL;
    double *node_token = PyMem_Malloc(nodes * sizeof(double)), *node_break = PyMem_Malloc(nodes * sizeof(double));
    double *first = PyMem_Malloc(nodes * sizeof(double)), *reach = PyMem_Malloc(nodes * sizeof(double));
    double *head_widths = PyMem_Malloc(nodes * sizeof(double)), *costs = PyMem_Malloc(nodes * sizeof(double));
    double *hyphens = PyMem_Malloc(nodes * sizeof(double));
    Py_ssize_t *path = PyMem_Malloc(nodes * sizeof(Py_ssize_t));
    PyObject *result = NULL, *two = PyLong_FromLong(2);
    if (prefix == NULL || two == NULL || (word_costs_in != Py_None && word_costs == NULL))
        goto done;
    if (!node_token || !node_break || !first || !reach || !head_widths || !costs || !hyphens || !path) {
        PyErr_NoMemory();
        goto done;
    }
    /* _Paragraph.best's nodes: each token's start, then each of its breaks; and the end */
    Py_ssize_t n = 0, alone_from = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *at = PyList_GET_ITEM(breaks, i);
        if (i == count - 1 && count > 1)
            alone_from = n;
        for (Py_ssize_t b = -1; b < PyTuple_GET_SIZE(at); b++, n++) {
            node_token[n] = (double)i;
            node_break[n] = (double)b;
            if (b < 0) {
                first[n] = full[i] - prefix[i + 1];
                reach[n] = prefix[i] + 0.0;
                head_widths[n] = hyphens[n] = 0.0;
                costs[n] = word_costs != NULL && i > 0 ? word_costs[i - 1] : 0.0;
                continue;
            }
            PyObject *brk = PyTuple_GET_ITEM(at, b);
            double head = PyFloat_AsDouble(PyTuple_GET_ITEM(PyList_GET_ITEM(heads, i), b));
            double tail = PyFloat_AsDouble(PyTuple_GET_ITEM(PyList_GET_ITEM(tails, i), b));
            PyObject *squared = PyNumber_Power(BREAK_COST(brk), two, Py_None);
            double cost = squared ? PyFloat_AsDouble(squared) : -1.0;
            Py_XDECREF(squared);
            int hyphen = PyObject_IsTrue(BREAK_HYPHEN(brk));
            if (PyErr_Occurred() || hyphen < 0)
                goto done;
            if (!hyphen) {
                Py_ssize_t length = PyUnicode_GET_LENGTH(BREAK_HEAD(brk));
                hyphen = length > 0 && PyUnicode_READ_CHAR(BREAK_HEAD(brk), length - 1) == '-';
            }
            first[n] = tail - prefix[i + 1];
            reach[n] = prefix[i] + (glue[i] + head);
            head_widths[n] = head;
            costs[n] = cost;
            hyphens[n] = hyphen ? 1.0 : 0.0;
        }
    }
    node_token[n] = (double)count;
    node_break[n] = -1.0;
    first[n] = 0.0;
    reach[n] = prefix[count] + 0.0;
    head_widths[n] = costs[n] = hyphens[n] = 0.0;
    Py_ssize_t length = 0;
    int found = node_search(node_token, node_break, first, reach, head_widths, costs, hyphens, nodes, width, rag, -1.0,
                            0, alone, alone_from, path, &length);
    if (found < 0) {
        PyErr_NoMemory();
        goto done;
    }
    if (!found) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    result = PyList_New(length);
    if (result == NULL)
        goto done;
    Py_ssize_t start = 0;
    for (Py_ssize_t k = 0; k < length; k++) {
        const Py_ssize_t end = path[length - 1 - k];
        const Py_ssize_t i = (Py_ssize_t)node_token[start], bi = (Py_ssize_t)node_break[start];
        const Py_ssize_t j = (Py_ssize_t)node_token[end], bj = (Py_ssize_t)node_break[end];
        PyObject *line = NULL;
        if (i == j) {  /* _line: only the head of token j */
            PyObject *brk = PyTuple_GET_ITEM(PyList_GET_ITEM(breaks, j), bj);
            line = set_line(type, head_text(brk, 0), head_widths[end], BREAK_KIND(brk));
        }
        else {
            PyObject *pieces = PyList_New(0);
            PyObject *brk_i = bi >= 0 ? PyTuple_GET_ITEM(PyList_GET_ITEM(breaks, i), bi) : NULL;
            int failed = pieces == NULL || PyList_Append(pieces, brk_i ? BREAK_TAIL(brk_i) : PyList_GET_ITEM(tokens, i)) < 0;
            for (Py_ssize_t index = i + 1; index < j && !failed; index++)
                failed = (glue[index] != 0.0 && PyList_Append(pieces, SPACE) < 0)
                         || PyList_Append(pieces, PyList_GET_ITEM(tokens, index)) < 0;
            double line_width = (brk_i ? PyFloat_AsDouble(PyTuple_GET_ITEM(PyList_GET_ITEM(tails, i), bi)) : full[i])
                                + prefix[j] - prefix[i + 1];
            PyObject *kind = EMPTY;
            if (!failed && bj >= 0) {
                PyObject *brk = PyTuple_GET_ITEM(PyList_GET_ITEM(breaks, j), bj);
                PyObject *end_piece = head_text(brk, glue[j] != 0.0);
                failed = end_piece == NULL || PyList_Append(pieces, end_piece) < 0;
                Py_XDECREF(end_piece);
                kind = BREAK_KIND(brk);
                line_width = line_width + glue[j] + head_widths[end];
            }
            if (!failed)
                line = set_line(type, PyUnicode_Join(EMPTY, pieces), line_width, kind);
            Py_XDECREF(pieces);
        }
        if (line == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, line);
        start = end;
    }
done:
    Py_XDECREF(two);
    PyMem_Free(full);
    PyMem_Free(glue);
    PyMem_Free(prefix);
    PyMem_Free(word_costs);
    PyMem_Free(node_token);
    PyMem_Free(node_break);
    PyMem_Free(first);
    PyMem_Free(reach);
    PyMem_Free(head_widths);
    PyMem_Free(costs);
    PyMem_Free(hyphens);
    PyMem_Free(path);
    return result;
}

static PyMethodDef methods[] = {
    {"search_words", search_words, METH_VARARGS, search_words_doc},
    {"set_words", set_words, METH_VARARGS, set_words_doc},
    {"search", search, METH_VARARGS, search_doc},
    {"hyphenated", hyphenated, METH_VARARGS, hyphenated_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "deck._linebreak",
    "deck/linebreak.py's total-fit searches, compiled (see the C file's opening comment).", -1, methods,
};

PyMODINIT_FUNC PyInit__linebreak(void)
{
    EMPTY = PyUnicode_InternFromString("");
    SPACE = PyUnicode_InternFromString(" ");
    if (EMPTY == NULL || SPACE == NULL)
        return NULL;
    return PyModule_Create(&module);
}
