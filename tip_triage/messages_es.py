"""The input errors a Defender reads, in Spanish: the checks write them in English (the stable form kept in
JSON error rows); screens and the terminal show them in the reader's language through `spanish()`."""

from __future__ import annotations

import re

_TYPES = {
    "true or false": "verdadero o falso",
    "a whole number": "un número entero",
    "text": "texto",
    "a list": "una lista",
    "a mapping of keys to values": "un mapa de claves y valores",
    "empty": "vacío",
    "a number": "un número",
}


def _types(words: str) -> str:
    found = re.findall("|".join(re.escape(k) for k in sorted(_TYPES, key=len, reverse=True)), words)
    return " o ".join(_TYPES[w] for w in found) or words


_KIND_ES = {
    "a FIFO (named pipe)": "una FIFO (tubería con nombre)",
    "a socket": "un socket",
    "a character device": "un dispositivo de caracteres",
    "a block device": "un dispositivo de bloques",
    "a symbolic link": "un enlace simbólico",
}


class _Lazy:
    """A pattern compiled when first needed: the many patterns below cost 10 ms to compile, at every start of
    every command, while most runs never translate an error."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.match(text)


def _skipped(rest: str) -> str:
    return ": se omite" if rest == ": skipped" else rest


_RULES: list[tuple[_Lazy, object]] = [
    (
        _Lazy(r"^unknown (fact|key) \(its name is not shown: a value indented as a key\?\)$"),
        lambda m: (
            f"{'hecho' if m[1] == 'fact' else 'clave'} desconocido (no se muestra su nombre: ¿un valor mal sangrado?)"
        ),
    ),
    (
        _Lazy(r"^unknown (fact|key) '(.+?)'(?: \(did you mean '(.+?)'\?\))?$"),
        lambda m: (
            f"{'hecho' if m[1] == 'fact' else 'clave'} desconocido '{m[2]}'"
            + (f" (¿quiso decir '{m[3]}'?)" if m[3] else "")
        ),
    ),
    (_Lazy(r"^missing required key '(.+?)'$"), lambda m: f"falta la clave obligatoria '{m[1]}'"),
    (_Lazy(r"^must be one of: (.*)$"), lambda m: f"debe ser uno de: {m[1]}"),
    (_Lazy(r"^must be at least (.*)$"), lambda m: f"debe ser al menos {m[1]}"),
    (_Lazy(r"^must be at most (.*)$"), lambda m: f"debe ser como máximo {m[1]}"),
    (
        _Lazy(
            r"^must be ((?:true or false|a whole number|text|a list|a mapping of keys to values|empty|a number)(?: or .+)?)$"
        ),
        lambda m: f"debe ser {_types(m[1])}",
    ),
    (_Lazy(r"^must be (-?\d+)$"), lambda m: f"debe ser {m[1]}"),
    (
        _Lazy(r"^must be a date \(YYYY-MM-DD\) or a date and time \(YYYY-MM-DDTHH:MM:SSZ\)$"),
        lambda m: "debe ser una fecha (AAAA-MM-DD) o una fecha y hora (AAAA-MM-DDTHH:MM:SSZ)",
    ),
    (
        _Lazy(r"^must be a date and time \(YYYY-MM-DDTHH:MM:SSZ\)$"),
        lambda m: "debe ser una fecha y hora (AAAA-MM-DDTHH:MM:SSZ)",
    ),
    (_Lazy(r"^has repeated values$"), lambda m: "tiene valores repetidos"),
    (_Lazy(r"^is not a value of the fact '([a-z_]+)'$"), lambda m: f"no es un valor del hecho '{m[1]}'"),
    (
        _Lazy(r"^a case file must be a mapping with tip_triage_case, id and facts$"),
        lambda m: "un archivo de caso debe ser un mapa con tip_triage_case, id y facts",
    ),
    (_Lazy(r"^must not be empty$"), lambda m: "no puede estar vacío"),
    (_Lazy(r"^must be non-empty text on one line$"), lambda m: "debe ser un texto no vacío en una sola línea"),
    (_Lazy(r"^has characters that are not allowed$"), lambda m: "tiene caracteres no permitidos"),
    (_Lazy(r"^does not match any allowed form$"), lambda m: "no corresponde a ninguna forma permitida"),
    (_Lazy(r"^is not valid \((.+)\)$"), lambda m: f"no es válido ({m[1]})"),
    (_Lazy(r"^not valid JSON at column (\d+)$"), lambda m: f"no es JSON válido en la columna {m[1]}"),
    (
        _Lazy(r"^not valid JSON: a lone surrogate escape (.*)$"),
        lambda m: f"no es JSON válido: un escape de sustituto suelto {m[1]}",
    ),
    (_Lazy(r"^repeated key \(its name is not shown\)$"), lambda m: "clave repetida (no se muestra su nombre)"),
    (_Lazy(r"^repeated key '(.+)'$"), lambda m: f"clave repetida '{m[1]}'"),  # a JSON Lines row's
    (
        _Lazy(r"^a number with a leading 0, a base \(0x, 0o, 0b\), '_' or ':' is not read as written: (.*)$"),
        lambda m: (
            "un número con un 0 inicial, una base (0x, 0o, 0b), '_' o ':' no se lee como está escrito:"
            " escríbalo solo con dígitos"
        ),
    ),
    (
        _Lazy(r"^the pinned guideline is not available: unknown guideline '(.+?)'(?: \(did you mean '(.+?)'\?\))?$"),
        lambda m: (
            f"el lineamiento fijado no está disponible: lineamiento desconocido '{m[1]}'"
            + (f" (¿quiso decir '{m[2]}'?)" if m[2] else "")
        ),
    ),
    (
        _Lazy(r"^unknown guideline '(.+?)'(?: \(did you mean '(.+?)'\?\))?$"),
        lambda m: f"lineamiento desconocido '{m[1]}'" + (f" (¿quiso decir '{m[2]}'?)" if m[2] else ""),
    ),
    (_Lazy(r"^not valid YAML(?:: (.*))?$"), lambda m: "no es YAML válido" + (f" ({_yaml(m[1])})" if m[1] else "")),
    (_Lazy(r"^not UTF-8 text$"), lambda m: "no es texto UTF-8"),
    (_Lazy(r"^no such file$"), lambda m: "no existe ese archivo"),
    (_Lazy(r"^no such folder$"), lambda m: "no existe esa carpeta"),
    (
        _Lazy(r"^an empty guideline name: "),
        lambda m: "un nombre de lineamiento vacío: indique el id de un lineamiento incluido o una ruta",
    ),
    (_Lazy(r"^is a folder, not a file(.*)$"), lambda m: "es una carpeta, no un archivo" + _skipped(m[1])),
    (
        _Lazy(
            r"^is (a FIFO \(named pipe\)|a socket|a character device|a block device|a symbolic link), not a regular file(.*)$"
        ),
        lambda m: f"es {_KIND_ES[m[1]]}, no un archivo normal" + _skipped(m[2]),
    ),
    (
        _Lazy(r"^no case files \(\*\.yaml, \*\.yml, \*\.json\) in this folder$"),
        lambda m: "no hay archivos de caso (*.yaml, *.yml, *.json) en esta carpeta",
    ),
    (
        _Lazy(r"^no scenario files \(\*\.yaml, \*\.yml, \*\.json\) here$"),
        lambda m: "no hay archivos de escenarios (*.yaml, *.yml, *.json) aquí",
    ),
    (
        _Lazy(r"^a scenario file \(several cases\): run it with '(.+)'$"),
        lambda m: f"un archivo de escenarios (varios casos): ejecútelo con '{m[1]}'",
    ),
    (_Lazy(r"^the id '(.+)' is used twice$"), lambda m: f"el id '{m[1]}' se usa dos veces"),
    (
        _Lazy(r"^the case pins the guideline '(.+?)', not '(.+?)' given with --guideline$"),
        lambda m: f"el caso fija el lineamiento '{m[1]}', no '{m[2]}', el indicado con --guideline",
    ),
    (
        _Lazy(r"^(folder )?cannot be read \((.+)\)$"),
        lambda m: f"{'la carpeta ' if m[1] else ''}no se puede leer ({_OS_ES.get(m[2], m[2])})",
    ),
    (_Lazy(r"^dangling or looping symbolic link$"), lambda m: "enlace simbólico roto o en bucle"),
    (
        _Lazy(r"^symbolic link loop: this folder was already walked$"),
        lambda m: "bucle de enlaces simbólicos: esta carpeta ya se recorrió",
    ),
    (_Lazy(r"^the path holds a NUL character$"), lambda m: "la ruta contiene un carácter NUL"),
    (_Lazy(r"^not valid JSON$"), lambda m: "no es JSON válido"),
    (_Lazy(r"^not UTF-8 text at column (\d+)$"), lambda m: f"no es texto UTF-8 en la columna {m[1]}"),
    (_Lazy(r"^limit: (.+) \(at most ([\d,]+)( bytes| characters)?\)$"), lambda m: _limit(m)),
]

_OS_ES: dict[str, str] = {  # the system's reason (strerror), for the few a Defender meets
    "Permission denied": "permiso denegado",
    "No such file or directory": "no existe",
    "Is a directory": "es una carpeta",
    "Not a directory": "no es una carpeta",
    "Too many levels of symbolic links": "demasiados niveles de enlaces simbólicos",
    "Input/output error": "error de entrada/salida",
    "File name too long": "nombre de archivo demasiado largo",
}

_LIMITS = {
    "file size": "tamaño del archivo",
    "input size": "tamaño de la entrada",
    "row size": "tamaño de una fila",
    "JSON Lines size": "tamaño del JSON Lines",
    "rows in one JSON Lines input": "filas en una entrada JSON Lines",
    "unreadable rows, most of the input (this is not JSON Lines)": "filas ilegibles, la mayor parte (no es JSON Lines)",
    "nesting depth": "profundidad de anidamiento",
    "digits of an integer": "dígitos de un número entero",
    "aliases (*name) in one document": "alias (*nombre) en un documento",
    "values in one document, aliases expanded": "valores en un documento, con los alias expandidos",
    "path length": "longitud de la ruta",
    "a name in the path": "un nombre en la ruta",
    "entries in a folder walk": "entradas al recorrer una carpeta",
    "depth of a condition, its definitions expanded": "profundidad de una condición, con sus definiciones expandidas",
}


def _limit(m: re.Match[str]) -> str:
    unit = {" bytes": " bytes", " characters": " caracteres"}.get(m[3] or "", "")
    return f"límite: {_LIMITS.get(m[1], m[1])} (como máximo {m[2]}{unit})"


_YAML = [
    (_Lazy(r"^repeated key '(.+)'$"), lambda m: f"clave repetida '{m[1]}'"),
    (_Lazy(r"^mapping values are not allowed in this context$"), lambda m: "aquí no se permite un valor de mapa"),
    (_Lazy(r"^found unexpected end of stream$"), lambda m: "el archivo termina antes de lo esperado"),
    (_Lazy(r"^did not find expected node content$"), lambda m: "falta el contenido esperado"),
    (_Lazy(r"^(?:did not|could not) find expected (.+)$"), lambda m: "falta " + _expected(m[1])),
    (
        _Lazy(r"^found character (.*?) ?that cannot start any token$"),
        lambda m: f"hay un carácter {m[1]} que no puede iniciar ningún elemento".replace("  ", " "),
    ),
    (
        _Lazy(r"^found a tab character that violates indentation$"),
        lambda m: "hay un tabulador que rompe la sangría",
    ),
    (
        _Lazy(
            r"^(mapping values|mapping keys|sequence entries|block sequence entries) are not allowed (?:here|in this context)$"
        ),
        lambda m: (
            "aquí no se permite "
            + (
                "un elemento de lista"
                if "sequence" in m[1]
                else "un valor de mapa"
                if "values" in m[1]
                else "una clave de mapa"
            )
        ),
    ),
    (
        _Lazy(r"^a control character that YAML does not allow$"),
        lambda m: "un carácter de control que YAML no permite",
    ),
    (
        _Lazy(r"^a value does not match its tag (.*)$"),
        lambda m: f"un valor no corresponde a su etiqueta {m[1]}",
    ),
]


def _expected(what: str) -> str:
    """What YAML expected: 'key', "'-' indicator", "',' or ']'"."""
    what = {"key": "una clave", "'-' indicator": "el indicador '-'"}.get(what, what)
    return what.replace(" or ", " o ")


def _yaml(detail: str) -> str:
    for pattern, make in _YAML:
        match = pattern.match(detail)
        if match:
            return str(make(match))
    return detail


def spanish(message: str) -> str:
    """`message` in Spanish when it is one of the input errors above; otherwise as it is."""
    for pattern, make in _RULES:
        match = pattern.match(message)
        if match:
            return make(match)  # type: ignore[operator,no-any-return]
    return message


def in_language(message: str, lang: str) -> str:
    return spanish(message) if lang == "es" else message
