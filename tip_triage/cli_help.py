"""--help in the reader's language: the click command built from the typer app, its texts swapped.

The English texts in cli.py stay the source (and what the docs-sync test reads);
for a Spanish reader each help text is replaced by its translation when the app
is built, and click's own words (Usage, Options...) by a formatter.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import typer
import typer.main

SPANISH: dict[str, str] = {
    # privacy (redact, purge) and exit code 141
    "Decision support for Family Defenders (ICBF) facing possible child trafficking. Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error; 130 interrupted; 141 output closed early (| head).": "Apoyo a la decisión para Defensores de Familia (ICBF) ante una posible trata de NNA. Códigos de salida: 0 todo bien; 1 algún resultado esperado no se cumplió; 2 algún archivo no es válido o uso incorrecto; 3 error interno; 130 interrumpido; 141 la salida se cerró antes de tiempo (| head).",
    "Replace each case id and file by a stable keyed hash (key in the data folder); drop free text.": "Reemplaza cada referencia de caso y cada archivo por un hash estable con clave (la clave queda en la carpeta de datos); omite el texto libre.",
    "The --report names the case by a keyed hash of its id, not the id.": "El --report nombra el caso por un hash con clave de su referencia, no por la referencia.",
    "List saved interviews (id, dates, stage, qualification so far), or delete one, or purge old ones.\n\nExit codes: 0 ok; 2 no such interview, a deletion not confirmed, or bad usage.": "Lista las entrevistas guardadas (referencia, fechas, etapa, calificación hasta ahora), borra una o depura las antiguas.\n\nCódigos de salida: 0 bien; 2 no existe esa entrevista, no se confirmó el borrado o uso incorrecto.",
    "Delete every saved interview older than --older-than.": "Borra toda entrevista guardada más antigua que --older-than.",
    "With --purge: an age such as 90d, 12w or 36h (since last saved).": "Con --purge: una antigüedad como 90d, 12w o 36h (desde la última vez que se guardó).",
    # analysts (batch options, diff)
    "Processes to use (default: the usable cores); output stays in input order.": "Procesos a usar (por defecto: los núcleos disponibles); la salida conserva el orden de entrada.",
    "Add counts by qualification, concurrent offence, indicator level, referral, missing fact and unmet expectation.": "Añade conteos por calificación, delito concurrente, nivel de indicios, remisión, hecho faltante y resultado esperado no cumplido.",
    "Leave out each result's per-rule trace (json, jsonl).": "Omite la traza regla por regla de cada resultado (json, jsonl).",
    "No progress bar on stderr.": "Sin barra de progreso en la salida de errores.",
    "CSV for a spreadsheet in a Spanish locale: BOM and ';' separator.": "CSV para una hoja de cálculo en español: BOM y separador ';'.",
    "Which cases two guidelines classify differently (qualification, concurrent, indicator level, referrals), and the rules that made the difference.\n\nExit codes: 0 nothing changed; 1 some case changed; 2 some file invalid or bad usage; 3 internal error.": "Qué casos clasifican distinto dos lineamientos (calificación, concurrentes, nivel de indicios, remisiones) y las reglas que marcaron la diferencia.\n\nCódigos de salida: 0 nada cambió; 1 algún caso cambió; 2 algún archivo no es válido o uso incorrecto; 3 error interno.",
    "Case files, folders, *.jsonl files or - (repeat for more).": "Archivos de caso, carpetas, archivos *.jsonl o - (repita para más).",
    "The old guideline: a folder, file or bundled id.": "El lineamiento anterior: una carpeta, un archivo o el id de un lineamiento incluido.",
    "The new guideline: a folder, file or bundled id.": "El lineamiento nuevo: una carpeta, un archivo o el id de un lineamiento incluido.",
    "text, json or csv.": "text, json o csv.",
    # trainers (scenarios, lint, show, graph, exercise)
    "A class exercise: read the scenario's narrative, answer, then compare with its expectations (FILE or FILE#N); --save keeps the results.": "Un ejercicio de clase: lea el relato del escenario, responda y compare con lo esperado (ARCHIVO o ARCHIVO#N); --save guarda los resultados.",
    "Static analysis: unreachable questions, unread facts, rules that never hold, gaps, conflicts, hidden questions, translations, sources.\n\nExit codes: 0 no error (warnings allowed); 1 error-level findings; 2 the guideline cannot be read.": "Análisis estático: preguntas inalcanzables, hechos que ninguna regla lee, reglas que nunca se cumplen, vacíos, conflictos, preguntas ocultas, traducciones, fuentes.\n\nCódigos de salida: 0 sin errores (se permiten advertencias); 1 hallazgos de nivel error; 2 no se puede leer el lineamiento.",
    "text or json.": "text o json.",
    "Write the INFERRED items as a Markdown checklist for a lawyer to this file ('-' for the output).": "Escribe en este archivo los elementos INFERIDOS como lista de verificación en Markdown para revisión jurídica ('-' para la salida estándar).",
    "The flow as a tree (stage, question, the condition that asks it) and each qualification rule with its sources.\n\nExit codes: 0 ok; 2 the guideline cannot be read.": "El flujo como un árbol (etapa, pregunta, la condición que la activa) y cada regla de calificación con sus fuentes.\n\nCódigos de salida: 0 bien; 2 no se puede leer el lineamiento.",
    "text (a tree and a table) or markdown.": "text (un árbol y una tabla) o markdown.",
    "The flow and the qualification precedence as a diagram (Mermaid or Graphviz DOT).\n\nExit codes: 0 ok; 2 the guideline cannot be read.": "El flujo y la precedencia de las calificaciones como diagrama (Mermaid o Graphviz DOT).\n\nCódigos de salida: 0 bien; 2 no se puede leer el lineamiento.",
    "mermaid or dot.": "mermaid o dot.",
    "Trainer scenarios: run suites with coverage, make a scenario from a case.": "Escenarios de formación: ejecute conjuntos con cobertura, cree un escenario a partir de un caso.",
    "Run scenarios against their expect blocks: a pass/fail table, and for each failure expected vs got and the rules that made the difference.\n\nExit codes: 0 all passed; 1 a scenario failed or coverage is below --min-coverage; 2 a file is invalid or nothing selected.": "Ejecuta escenarios contra sus bloques expect: una tabla de aciertos y fallos y, por cada fallo, lo esperado frente a lo obtenido y las reglas que marcaron la diferencia.\n\nCódigos de salida: 0 todos pasaron; 1 algún escenario falló o la cobertura es menor que --min-coverage; 2 algún archivo no es válido o no se seleccionó nada.",
    "Scenario or case files, or folders (recursively: *.yaml, *.yml, *.json).": "Archivos de escenarios o de casos, o carpetas (con subcarpetas: *.yaml, *.yml, *.json).",
    "text, json or junit (XML for CI).": "text, json o junit (XML para integración continua).",
    "Only scenarios whose name, id or file contains TEXT.": "Solo los escenarios cuyo nombre, id o archivo contiene TEXTO.",
    "Only scenarios with this tag (repeatable: any of them).": "Solo los escenarios con esta etiqueta (se puede repetir: cualquiera de ellas).",
    "Show what of the guideline the scenarios exercised.": "Muestra qué partes del lineamiento ejercitaron los escenarios.",
    "Fail when codes, rules or referrals are covered below PCT %.": "Falla si la cobertura de códigos, reglas o remisiones es menor que PCT %.",
    "Turn a case file into a scenario with expect filled from today's result, for the trainer to edit.\n\nExit codes: 0 ok; 2 the case file is invalid.": "Convierte un archivo de caso en un escenario con expect lleno a partir del resultado de hoy, para que el formador lo edite.\n\nCódigos de salida: 0 bien; 2 el archivo de caso no es válido.",
    "A finished interview's case file.": "El archivo de caso de una entrevista terminada.",
    "Drop the history, the interview record and any free text (the case reference, dates, names).": "Quita el historial, el registro de la entrevista y todo texto libre (la referencia del caso, fechas, nombres).",
    "Write the scenario here (owner-only) instead of the output.": "Escribe el escenario aquí (solo para su propietario) en vez de la salida estándar.",
    # the app and its groups
    "Decision support for Family Defenders (ICBF) facing possible child trafficking. Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error; 130 interrupted.": "Apoyo a la decisión para Defensores de Familia (ICBF) ante una posible trata de NNA. Códigos de salida: 0 todo bien; 1 algún resultado esperado no se cumplió; 2 algún archivo no es válido o uso incorrecto; 3 error interno; 130 interrumpido.",
    "Work with guidelines (the rule tree as data).": "Trabajar con lineamientos (el árbol de reglas como datos).",
    # global options
    "Show the version and exit.": "Muestra la versión y termina.",
    "Show a traceback for internal errors (no case data is shown).": "Muestra el detalle técnico (traceback) de un error interno (nunca muestra datos del caso).",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    # shared options
    "A guideline folder or file, or a bundled guideline id.": "Una carpeta o archivo de lineamiento, o el id de un lineamiento incluido.",
    "Language of the texts: es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es).": "Idioma de los textos: es o en (por defecto: según LC_ALL/LC_MESSAGES/LANG; si no, es).",
    # check
    "Qualify case files: legal basis, concurrent offences, indicator level, referral path, what is unknown.\n\nExit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.": "Califica archivos de caso: fundamento, delitos concurrentes, nivel de indicios, ruta de atención, lo que no se sabe.\n\nCódigos de salida: 0 todo bien; 1 algún resultado esperado no se cumplió; 2 algún archivo no es válido o uso incorrecto; 3 error interno.",
    "One or more case files (YAML or JSON).": "Uno o más archivos de caso (YAML o JSON).",
    "text, json, jsonl or markdown.": "text, json, jsonl o markdown.",
    # batch
    "Check many cases and their `expect` blocks; a broken file is reported in its row and never stops the batch.\n\nExit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.": "Revisa muchos casos y sus bloques `expect`; un archivo dañado se informa en su fila y nunca detiene el lote.\n\nCódigos de salida: 0 todo bien; 1 algún resultado esperado no se cumplió; 2 algún archivo no es válido o uso incorrecto; 3 error interno.",
    "Files, folders (recursively: *.yaml, *.yml, *.json), *.jsonl files, or - for JSON Lines on stdin.": "Archivos, carpetas (con subcarpetas: *.yaml, *.yml, *.json), archivos *.jsonl, o - para JSON Lines por la entrada estándar.",
    "table, json, jsonl or csv.": "table, json, jsonl o csv.",
    # guideline validate
    "Validate a guideline: schema; facts, codes, referral ids, citations, translations, flow cycles; rules that can never hold.\n\nExit codes: 0 valid; 2 problems found (each printed as file:line: path: message).": "Valida un lineamiento: esquema; hechos, códigos, ids de remisión, citas, traducciones, ciclos del flujo; reglas que nunca pueden cumplirse.\n\nCódigos de salida: 0 válido; 2 se encontraron problemas (cada uno como archivo:línea: ruta: mensaje).",
    "A guideline folder or guideline.yaml (default: the bundled one).": "Una carpeta de lineamiento o guideline.yaml (por defecto: el incluido).",
    # triage
    "Guided triage in the terminal: asks what still matters, saves after every answer.\n\nCtrl-C saves and exits 130; resume with --resume ID. Exit codes: 0 finished; 2 bad input or no terminal; 130 interrupted (saved).": "Entrevista guiada en la terminal: pregunta lo que todavía importa y guarda después de cada respuesta.\n\nCtrl-C guarda y sale con 130; continúe con --resume ID. Códigos de salida: 0 terminada; 2 entrada no válida o sin terminal; 130 interrumpida (guardada).",
    "Continue a saved interview (its id, or the start of it).": "Continúa una entrevista guardada (su id, o el comienzo del id, o la referencia del caso).",
    "Start from a case file's facts and ask only what is missing.": "Empieza con los hechos de un archivo de caso y pregunta solo lo que falta.",
    "The case reference to record (never a child's name).": "La referencia del caso que se registra (nunca el nombre del NNA).",
    "Also save the finished case file here (owner-only).": "Guarda también aquí el archivo de caso terminado (solo lo puede leer su dueño).",
    "Write a report for the case record here (owner-only): HTML for a .html file, Markdown otherwise.": "Escribe aquí un informe para el expediente (solo lo puede leer su dueño): HTML si el archivo termina en .html, Markdown si no.",
    "es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es).": "es o en (por defecto: según LC_ALL/LC_MESSAGES/LANG; si no, es).",
    "The Defender's name, for the report (or 'defender' in the config file).": "El nombre del Defensor(a), para el informe (o 'defender' en el archivo de configuración).",
    "The centro zonal, for the report (or 'centro_zonal' in the config file).": "El centro zonal, para el informe (o 'centro_zonal' en el archivo de configuración).",
    # sessions
    "List saved interviews (id, dates, stage, qualification so far), or delete one.\n\nExit codes: 0 ok; 2 no such interview, or a deletion not confirmed.": "Lista las entrevistas guardadas (id, fecha, etapa, calificación hasta ahora), o borra una.\n\nCódigos de salida: 0 bien; 2 no existe esa entrevista, o borrar sin confirmar.",
    "Delete the saved interview with this id (asks first).": "Borra la entrevista guardada con este id (pregunta antes).",
    "Delete without asking.": "Borra sin preguntar.",
}


def _key(text: str) -> str:
    """A help text with its line breaks inside paragraphs undone (docstrings wrap where the source does)."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


def spanish(text: str) -> str | None:
    return _SPANISH.get(_key(text))


_SPANISH = {_key(english): text for english, text in SPANISH.items()}

HEADINGS_ES = {"Options": "Opciones", "Arguments": "Argumentos", "Commands": "Comandos"}
# click's names for a value's type, shown as an option's metavar (`--jobs <int range>`)
TYPES_ES = {"str": "texto", "int": "entero", "int range": "entero", "float": "número", "float range": "número"}
# the words click (typer's copy) appends to a help text in brackets: `[default: table; required]`
MARKERS_ES = (
    (re.compile(r"^required$"), "obligatorio"),
    (re.compile(r"^default: (.*)$", re.S), r"por defecto: \1"),
    (re.compile(r"^env var: (.*)$", re.S), r"variable de entorno: \1"),
)
NBSP = "\u00a0"
_MARKERS = re.compile(r"  \[([^\[\]]*)\]$")


def _marker(part: str) -> str:
    for pattern, spanish_words in MARKERS_ES:
        if pattern.match(part):
            return pattern.sub(spanish_words, part)
    return part  # a range (`x>=1`, `0<=x<=100`) reads the same in Spanish


def spanish_markers(text: str) -> str:
    """A help text's trailing `  [default: …; required]`, click's English, in Spanish (what precedes it is
    the help text itself, translated already). Its spaces are no-break spaces, so that the wrap never cuts
    the marker (`[por` / `defecto: table]`): the formatter turns them back into spaces once wrapped."""
    found = _MARKERS.search(text)
    if found is None:
        return text
    parts = "; ".join(_marker(part) for part in found[1].split("; "))
    return f"{text[: found.start()]}  [{parts.replace(' ', NBSP)}]"


def spanish_term(term: str) -> str:
    """An option's term with click's type names in Spanish: `-j, --jobs <int range>` → `-j, --jobs <entero>`."""
    return re.sub(r"<([a-z ]+)>", lambda m: f"<{TYPES_ES.get(m[1], m[1])}>", term)


def _spanish_formatter(base: type) -> type:
    class SpanishHelpFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(
                prog,
                args.replace("[OPTIONS]", "[OPCIONES]").replace("COMMAND", "COMANDO").replace("[ARGS]", "[ARGUMENTOS]"),
                "Uso: " if prefix is None else prefix,
            )

        def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
            # click builds the --help option on demand, with its English text: translated as it is written
            # and the words click appends in brackets (`[required]`, `[default: …]`) too
            rows = [(spanish_term(term), spanish_markers(spanish(text) or text)) for term, text in rows]
            start = len(self.buffer)
            super().write_dl(rows, *args, **kwargs)
            self.buffer[start:] = [part.replace(NBSP, " ") for part in self.buffer[start:]]

        def write_heading(self, heading: str) -> None:
            super().write_heading(HEADINGS_ES.get(heading, heading))

    return SpanishHelpFormatter


def help_texts(command: Any) -> list[str]:
    """Every help text of a click command tree (commands and their parameters)."""
    texts = []
    if command.help:
        texts.append(_key(command.help))
    for param in command.params:
        if getattr(param, "help", None):
            texts.append(_key(param.help))
    for sub in getattr(command, "commands", {}).values():
        texts += help_texts(sub)
    return texts


def _translate(command: Any) -> None:
    if command.help:
        command.help = spanish(command.help) or command.help
    if getattr(command, "short_help", None):
        command.short_help = spanish(command.short_help) or command.short_help
    for param in command.params:
        if getattr(param, "help", None):
            param.help = spanish(param.help) or param.help
    for sub in getattr(command, "commands", {}).values():
        _translate(sub)


def _no_breaks_at_hyphens() -> None:
    """click wraps help at hyphens too, cutting an option's name in two (`--older-` / `than`): a name that
    cannot be read or pasted. Its wrapper (typer's copy of click, pinned) is made once per wrap; this one never
    breaks at a hyphen."""
    from typer._click import _textwrap

    base = _textwrap.TextWrapper
    if getattr(base, "_whole_words", False):
        return

    class WholeWords(base):  # type: ignore[misc, valid-type]
        _whole_words = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["break_on_hyphens"] = False
            super().__init__(*args, **kwargs)

    _textwrap.TextWrapper = WholeWords  # type: ignore[misc]


def localized_command(app: typer.Typer, lang: str) -> Any:
    """The click command of `app`, its help in `lang` (English is the source)."""
    _no_breaks_at_hyphens()
    command = typer.main.get_command(app)
    context_class = command.context_class
    spanish_already = getattr(context_class.formatter_class, "_spanish", False)
    if lang == "es":
        _translate(command)
        if not spanish_already:
            formatter = _spanish_formatter(context_class.formatter_class)
            setattr(formatter, "_spanish", True)  # noqa: B010 - a marker on a class made at run time
            context_class.formatter_class = formatter
    elif spanish_already:  # the context class is shared: an English help after a Spanish one (one process)
        context_class.formatter_class = context_class.formatter_class.__bases__[0]
    return command
