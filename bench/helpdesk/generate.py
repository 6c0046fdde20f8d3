#!/usr/bin/env python3
"""Fills a Tequio demo database with a helpdesk's worth of history, for the benchmark.

    generate.py --sqlite DATA_DIR/tequio.db [--tickets 1000000] [--entries 5000000]
    generate.py --postgres postgresql://tequio@127.0.0.1:PORT/tequio_test [...]

Run it after `tequio demo` (schema, the 58 areas, people, the DSI users, 4 queues and 13
categories). It adds N tickets created over the last 3 years and about M timeline entries
(events, public replies, internal notes) with Spanish texts composed from vocabularies of real
municipal helpdesk problems, spread over the areas, categories, statuses (about 5 % open),
priorities and the DSI staff of each queue. SLA columns follow the default settings (targets
per priority, warning at 75 %, Monday to Friday 08:00-16:00 America/Mexico_City, the LFT art. 74
holidays), computed here with the same rules, so the server's SLA sweep finds nothing to fix.

The same seed gives the same data on both backends (the demo gives both the same ids).

SQLite: python's sqlite3 in big transactions, journal off while loading, back to WAL at the end.
The full-text tables are filled either by the schema's triggers (--fts trigger) or, faster, with
the triggers dropped during the load and one INSERT … SELECT per FTS table at the end, the very
rows the triggers would have written (--fts bulk, the default); then ANALYZE.
PostgreSQL: COPY through psql; secondary indexes and foreign keys are dropped first and made
again at the end (their definitions read from the catalog), search_tsv is filled by a temporary
BEFORE INSERT trigger as to_tsvector('spanish', folded text) — folded like fold_for_search
(lower case, Latin-1 accents removed) — then the identity sequences are moved past the new ids
and VACUUM ANALYZE runs.
"""
import argparse
import bisect
import datetime as dt
import heapq
import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import time

PG_ENV = dict(os.environ, PGCLIENTENCODING="UTF8")
DAY_MS = 86_400_000
MIN_MS = 60_000
LOCAL_OFFSET_MS = -6 * 3_600_000  # America/Mexico_City, no DST since 2022
WORK_FROM_MIN, WORK_TO_MIN = 8 * 60, 16 * 60
SLA_TARGETS = {1: (30, 240), 2: (60, 480), 3: (240, 1440), 4: (480, 2400)}  # default_sla_targets()
WARNING_PERCENT = 75
AUTOCLOSE_DAYS = 3

# ---- vocabularies ------------------------------------------------------------------------------

LUGARES = ["la ventanilla 2", "la caja 3", "la oficina del director", "recepción", "el área de archivo",
           "la sala de juntas", "el módulo de atención ciudadana", "la planta alta", "la planta baja",
           "el segundo piso", "la oficialía de partes", "el mostrador", "el área de captura", "la jefatura",
           "la ventanilla de predial", "el área de cobro", "la coordinación administrativa", "el almacén"]
SOFTWARE = ["paquetería de oficina", "lector de PDF con firma electrónica", "AutoCAD", "QGIS", "antivirus",
            "el navegador Firefox", "compresor de archivos", "cliente de correo", "controlador de la impresora",
            "Java para el portal del SAT", "visor de planos", "el sistema de nómina", "el certificado de la e.firma"]
SISTEMAS = ["Ventanilla única", "Catastro en línea", "Control de correspondencia", "Nómina", "Portal de transparencia"]
SISTEMA_TXT = {"Ventanilla única": "el sistema de ventanilla única", "Catastro en línea": "el sistema de catastro",
               "Control de correspondencia": "control de correspondencia", "Nómina": "el sistema de nómina",
               "Portal de transparencia": "el portal de transparencia"}
TEMAS = ["hoja de cálculo", "procesador de textos", "correo institucional", "firma electrónica",
         "seguridad informática", "uso del sistema de catastro", "QGIS", "Ventanilla única",
         "presentaciones electrónicas", "videoconferencias"]
BIENES = ["10 computadoras de escritorio", "una impresora multifuncional", "un servidor de archivos",
          "licencias de antivirus", "un conmutador telefónico", "equipos de red inalámbrica",
          "no-break para el área de cajas", "un plotter", "5 computadoras portátiles", "un escáner de alto volumen"]
COSAS = ["el proyector de la sala de juntas", "la videoconferencia del cabildo", "el respaldo de información",
         "la página del municipio", "el reloj checador", "la pantalla de turnos", "la cámara de la sala de juntas",
         "una memoria USB con virus", "la bocina de la sala de cabildo"]
NOMBRES = ["María", "José", "Juan", "Guadalupe", "Luis", "Ana", "Carlos", "Rosa", "Miguel", "Leticia", "Jorge",
           "Verónica", "Alejandro", "Patricia", "Fernando", "Itzel", "Ricardo", "Adriana", "Raúl", "Gabriela"]
APELLIDOS = ["Hernández", "García", "Martínez", "López", "Pérez", "Sánchez", "Ramírez", "Cruz", "Gómez",
             "Vásquez", "Jiménez", "Reyes", "Santiago", "Mendoza", "Ruiz", "Díaz", "Morales", "Aquino", "Zárate"]
PUESTOS = ["Auxiliar administrativo", "Cajera", "Analista", "Secretaria", "Jefe de oficina", "Notificador",
           "Trabajadora social", "Capturista", "Inspector"]
CUANDO = ["Desde esta mañana", "Desde ayer", "Desde el lunes", "Hace una semana", "Después de la actualización de anoche",
          "Después del apagón de ayer", "Al llegar hoy a la oficina", "Desde que cambiaron el equipo de lugar",
          "Desde hace dos días", "Hoy a primera hora"]
IMPACTO = ["No podemos atender a los contribuyentes.", "Tenemos fila en ventanilla.",
           "Es el único equipo con el sistema de cobro.", "Urge porque hoy vence el plazo de entrega.",
           "Afecta a todo el personal del área.", "Por el momento trabajamos en otro equipo.", "",
           "No es urgente, pero sí necesario.", "El titular del área pidió que se atienda hoy."]
CIERRE = ["Solicito que un técnico lo revise.", "Agradeceré su pronto apoyo.", "Quedo atento a su visita.",
          "Favor de revisarlo a la brevedad.", "Pueden llamarme a la extensión {ext}.", "Gracias.",
          "Estoy en la oficina hasta las 15:00."]

# Per category code: (titles, details, solutions). Slots: {lugar} {software} {sistema} {ext} {n}
# {nombre} {tema} {bien} {cosa} {area} {inv}.
CATEGORY_TEXT = {
    "GENERAL": (
        ["Apoyo con {cosa}", "Consulta sobre {cosa}", "Revisión de {cosa}", "No funciona {cosa}",
         "Solicito apoyo técnico para un evento", "Préstamo de proyector para capacitación"],
        ["necesitamos apoyo con {cosa} para la reunión de mañana.", "{cosa} no funciona y no sé a quién dirigirme.",
         "requerimos que alguien de sistemas revise {cosa}.", "el viernes hay evento en {lugar} y necesitamos equipo de audio y proyector."],
        ["Se revisó {cosa} y ya funciona.", "Se canalizó con el área correspondiente y quedó atendido.",
         "Se prestó el equipo y se configuró en la sala."]),
    "SOP-FALLA-EQUIPO": (
        ["La computadora no enciende", "La computadora de {lugar} no enciende", "El equipo se reinicia solo",
         "Computadora muy lenta al abrir programas", "Pantalla azul al encender la computadora",
         "El monitor no da imagen", "El teclado no responde", "El mouse dejó de funcionar", "El CPU hace ruido extraño",
         "No arranca Windows, se queda en el logotipo", "La computadora se congela al abrir el navegador",
         "El equipo se apaga por calentamiento", "No reconoce la memoria USB", "La laptop no carga la batería",
         "Falla del disco duro, marca error al iniciar", "La computadora de {lugar} está muy lenta"],
        ["la computadora de {lugar} no enciende; el foco del botón parpadea en naranja.",
         "el equipo se reinicia cada media hora y se pierde lo capturado.",
         "la computadora tarda más de diez minutos en iniciar sesión.",
         "aparece una pantalla azul con el mensaje CRITICAL_PROCESS_DIED.",
         "el monitor se queda en negro aunque el CPU sí enciende.",
         "el teclado no escribe algunas letras y el mouse se traba.",
         "el CPU hace un ruido fuerte como de ventilador y huele a quemado.",
         "la computadora se congela cada vez que abro el navegador o el correo.",
         "el equipo con inventario {inv} marca error de disco al arrancar."],
        ["Se reemplazó la fuente de poder y el equipo enciende correctamente.",
         "Se limpió el equipo por dentro y se cambió la pasta térmica; ya no se apaga.",
         "Se reinstaló el sistema operativo y se respaldó la información del usuario.",
         "Se cambió el cable de video del monitor.", "Se cambió el teclado y el mouse por unos nuevos.",
         "Se reemplazó el disco duro por uno de estado sólido y se recuperó la información.",
         "Se eliminaron programas de inicio y se amplió la memoria RAM; el equipo ya responde bien."]),
    "SOP-IMPRESORA": (
        ["La impresora no imprime", "Atasco de papel en la impresora de {lugar}", "La impresora no aparece en la red",
         "El escáner no envía al correo", "Las impresiones salen con manchas", "Cambio de tóner de la impresora",
         "La multifuncional marca error de fusor", "La impresora imprime hojas en blanco",
         "No puedo escanear a la carpeta compartida", "La impresora de etiquetas no responde"],
        ["la impresora marca atasco de papel aunque no hay hojas atoradas.",
         "al mandar a imprimir el documento se queda en la cola y no sale.",
         "el tóner se terminó y las hojas salen muy claras.",
         "el escáner marca error de autenticación al enviar al correo.",
         "las hojas salen con rayas negras en el margen.",
         "la multifuncional de {lugar} muestra el código de error E-204.",
         "la impresora ya no aparece en la lista de impresoras de la red."],
        ["Se retiró el papel atorado y se limpió el rodillo.", "Se instaló un tóner nuevo.",
         "Se reinstaló el controlador de la impresora y se agregó en red.",
         "Se actualizó la contraseña del correo del escáner.", "Se cambió la unidad de fusor.",
         "Se configuró la carpeta compartida para el escaneo."]),
    "SOP-SOFTWARE": (
        ["Instalar {software}", "Actualización de {software}", "Solicitud de licencia de {software}",
         "Reinstalar {software} en {n} equipos"],
        ["necesitamos {software} para firmar oficios con la e.firma.",
         "requerimos {software} para elaborar los planos del proyecto.",
         "se necesita {software} para consultar la cartografía del municipio.",
         "no podemos abrir los archivos que envía la Secretaría de Finanzas; piden {software}.",
         "la versión de {software} ya no es compatible con el portal del SAT."],
        ["Se instaló {software} y se probó con el usuario.", "Se actualizó {software} a la versión autorizada.",
         "Se asignó la licencia y se activó el programa."]),
    "SOP-MANTTO": (
        ["Mantenimiento preventivo de {n} equipos", "Limpieza de equipos de {area}",
         "Revisión programada de computadoras de {area}"],
        ["solicitamos el mantenimiento preventivo anual de los {n} equipos del área.",
         "los equipos tienen mucho polvo y se calientan; pedimos limpieza.",
         "queremos programar la revisión de los equipos antes del cierre del ejercicio."],
        ["Se realizó el mantenimiento preventivo de los equipos programados.",
         "Se limpiaron los equipos y se actualizó el antivirus."]),
    "RED-CUENTA": (
        ["Alta de cuenta de red para {nombre}", "Cuenta de correo institucional para nuevo ingreso",
         "Acceso a carpeta compartida para {nombre}", "Cuenta de red y correo para personal de honorarios"],
        ["se incorporó {nombre} como {puesto}; requiere cuenta de red y correo institucional.",
         "{nombre} necesita acceso a la carpeta compartida del área.",
         "pedimos cuenta de correo para el personal de nuevo ingreso de la quincena."],
        ["Se creó la cuenta de red y de correo; los datos de acceso se entregaron en sobre cerrado.",
         "Se otorgó el acceso a la carpeta compartida.", "Se dio de alta la cuenta con el perfil solicitado."]),
    "RED-SIN-INTERNET": (
        ["Sin internet en {lugar}", "No hay red en la oficina", "El internet está muy lento",
         "No puedo entrar a las carpetas compartidas", "Se cae la conexión inalámbrica", "El cable de red está dañado",
         "No hay conexión en todo el piso", "El wifi pide contraseña y no conecta", "Intermitencia en la red de {area}"],
        ["ningún equipo de {lugar} navega; el teléfono sí funciona.",
         "el internet está muy lento y las páginas no cargan.",
         "la conexión inalámbrica se cae cada diez minutos.",
         "no aparecen las carpetas compartidas en la red.",
         "el cable de red de mi lugar está roto y no hay conexión."],
        ["Se cambió el cable de red y el equipo ya navega.",
         "Se reinició el conmutador del piso; la conexión se restableció.",
         "El proveedor de internet restableció el enlace.", "Se reconfiguró el punto de acceso inalámbrico."]),
    "RED-TELEFONIA": (
        ["La extensión {ext} no tiene tono", "No puedo transferir llamadas", "El teléfono de {lugar} no enciende",
         "No se escucha al otro lado de la línea", "Cambio de extensión por reubicación",
         "La extensión {ext} no recibe llamadas externas", "Configurar buzón de voz de la extensión {ext}"],
        ["la extensión {ext} no tiene tono desde {cuando_l}.",
         "al transferir llamadas se cortan.", "el aparato no enciende aunque está conectado.",
         "nos cambiaron de oficina y necesitamos conservar la extensión {ext}."],
        ["Se reprogramó la extensión en el conmutador.", "Se cambió el aparato telefónico.",
         "Se reparó el cableado de voz.", "Se configuró el buzón de voz."]),
    "RED-CONTRASENA": (
        ["Restablecer contraseña de correo", "Cuenta bloqueada por intentos fallidos", "Olvidé mi contraseña de red",
         "Contraseña vencida en el sistema de nómina", "No puedo entrar a mi correo institucional",
         "Cambio de contraseña del correo", "Desbloquear usuario de red"],
        ["olvidé mi contraseña del correo institucional y no puedo entrar.",
         "mi cuenta se bloqueó por intentos fallidos.", "la contraseña venció y el sistema no me deja cambiarla.",
         "al iniciar sesión dice usuario o contraseña incorrectos."],
        ["Se restableció la contraseña; la temporal se envió a su correo personal.",
         "Se desbloqueó la cuenta; debe cambiar la contraseña al iniciar sesión.",
         "Se restableció la contraseña por teléfono después de validar su identidad."]),
    "DES-FALLA-SISTEMA": (
        ["Error al guardar en {sistema_t}", "{sistema} no carga", "Nómina no genera los recibos",
         "Error al imprimir recibos de pago de predial", "Catastro en línea muy lento",
         "No se pueden adjuntar archivos en control de correspondencia",
         "El portal de transparencia no publica los formatos", "Error 500 al consultar la cuenta catastral",
         "Duplicidad de folios en control de correspondencia", "No calcula bien el descuento del predial"],
        ["al guardar en {sistema_t} aparece un error y no se registra el trámite.",
         "{sistema_t} tarda más de un minuto en cada consulta.",
         "el sistema marca error 500 al consultar la cuenta catastral {n}.",
         "los recibos de pago salen sin el descuento por pronto pago.",
         "no se pueden adjuntar archivos PDF en {sistema_t}."],
        ["Se corrigió el error y se publicó la nueva versión del sistema.", "Se depuraron los folios duplicados.",
         "Se optimizó la consulta y el sistema ya responde en segundos.",
         "Se corrigió el cálculo del descuento y se reimprimieron los recibos."]),
    "DES-REQUERIMIENTO": (
        ["Nuevo reporte de recaudación en {sistema}", "Agregar campo de CURP en {sistema}",
         "Cambio en el formato del recibo de {sistema}", "Exportar a Excel las consultas de {sistema}"],
        ["solicitamos un reporte mensual de recaudación por concepto en {sistema_t}.",
         "requerimos capturar la CURP del contribuyente en {sistema_t}.",
         "por disposición de la Tesorería cambia el formato del recibo.",
         "necesitamos exportar a Excel las consultas para el informe trimestral."],
        ["Se liberó el cambio en producción y se capacitó al área.", "Se agregó el reporte solicitado.",
         "Se implementó la exportación a Excel."]),
    "INN-CAPACITACION": (
        ["Curso de {tema}", "Capacitación en {tema} para el personal de {area}", "Taller de {tema}"],
        ["solicitamos un curso de {tema} para {n} personas del área.",
         "el personal de nuevo ingreso necesita capacitación en {tema}."],
        ["Se impartió el curso en la sala de capacitación de la DSI.", "Se programó y realizó el taller en línea."]),
    "INN-DICTAMEN": (
        ["Dictamen técnico para adquisición de {bien}", "Opinión técnica para compra de {bien}"],
        ["la Dirección de Recursos Materiales pide el dictamen técnico para adquirir {bien}.",
         "requerimos la opinión técnica de la DSI antes de comprar {bien}."],
        ["Se emitió el dictamen técnico con las especificaciones mínimas.",
         "Se entregó el dictamen firmado por el titular de la DSI."]),
}
STAFF_REPLIES = ["Buen día, en un momento paso a revisar.", "Buenas tardes, ¿me puede indicar el número de inventario del equipo?",
                 "Quedó registrado su reporte; el técnico asignado lo visitará hoy.",
                 "¿Podría enviarnos una captura de pantalla del error?",
                 "Ya se revisó; favor de confirmar si funciona correctamente.",
                 "Estamos en espera de la refacción; le avisamos en cuanto llegue.",
                 "Le llamé a su extensión sin respuesta; paso más tarde.",
                 "Se reinició el equipo y se actualizaron los controladores; ¿persiste la falla?",
                 "Por favor reinicie el equipo y nos confirma.", "Mañana a las 9:00 pasamos a su oficina."]
REQUESTER_REPLIES = ["Gracias, ya funciona.", "Sigue igual, no enciende.", "El número de inventario es {inv}.",
                     "Estoy en la oficina hasta las 15:00.", "Adjunto la captura del error que aparece.",
                     "Ya pude entrar, muchas gracias.", "Ahora marca otro error distinto.",
                     "¿Tienen fecha estimada de atención?", "Es urgente, tenemos gente esperando en ventanilla.",
                     "La impresora volvió a fallar después de medio día."]
NOTES = ["Posible falla de fuente de poder; revisar existencia en almacén.",
         "Se solicitó tóner a Recursos Materiales (requisición {n}).",
         "Escalado con el proveedor de internet, folio {n}.", "Revisar la bitácora del servidor de catastro.",
         "Equipo fuera de garantía; proponer baja.", "El usuario ya había reportado lo mismo el mes pasado.",
         "Pendiente autorización del jefe de departamento.", "Se dejó equipo de préstamo con inventario {inv}."]
WAIT_QUESTIONS = {"en_espera_solicitante": ["¿Podría indicarnos en qué horario podemos revisar el equipo?",
                                            "Necesitamos el visto bueno de su jefe inmediato para continuar.",
                                            "Favor de enviarnos el número de inventario y la ubicación exacta."],
                  "en_espera_proveedor": ["Se levantó reporte con el proveedor; esperamos su visita.",
                                          "La refacción está en garantía; esperamos el envío del fabricante."]}
CANCEL_REASONS = ["Se duplicó con otro reporte.", "El usuario indicó que ya no es necesario.",
                  "Se resolvió solo después de reiniciar.", "Se levantó en la categoría equivocada; se registró de nuevo."]
CATEGORY_WEIGHTS = {"GENERAL": 4, "SOP-FALLA-EQUIPO": 18, "SOP-IMPRESORA": 14, "SOP-SOFTWARE": 9, "SOP-MANTTO": 4,
                    "RED-CUENTA": 5, "RED-SIN-INTERNET": 11, "RED-TELEFONIA": 5, "RED-CONTRASENA": 10,
                    "DES-FALLA-SISTEMA": 9, "DES-REQUERIMIENTO": 4, "INN-CAPACITACION": 4, "INN-DICTAMEN": 3}
# Busier areas (cashiers, cadastre, civil registry, payroll) file more tickets.
BUSY_AREAS = {"TES-ING": 4, "CAT": 4, "RC-OF1": 3, "SA-RH": 3, "TES-EGR": 2, "SDE-MERC": 2, "SSC-VIAL": 2, "DIF-ASIS": 2}
OPEN_STATUSES = [("nuevo", 0.8), ("asignado", 1.2), ("en_proceso", 1.8), ("en_espera_solicitante", 0.7),
                 ("en_espera_proveedor", 0.5)]


def derive_priority(impact, urgency):
    s = impact + urgency
    return 1 if s <= 2 else 2 if s == 3 else 3 if s == 4 else 4


def fold(text):
    """fold_for_search in src/core/text.cpp: ASCII lower case, Latin-1 letters to their base letter."""
    return text.lower().translate(FOLD_TABLE)


_LATIN1_FROM = "".join(chr(c) for c in range(0xC0, 0x100))
_LATIN1_TO = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
FOLD_TABLE = {ord(a): b for a, b in zip(_LATIN1_FROM, _LATIN1_TO) if b not in "*/"}
# The same folding in SQL, for the PostgreSQL trigger that fills search_tsv.
SQL_FOLD_FROM = "".join(a for a, b in zip(_LATIN1_FROM, _LATIN1_TO) if b not in "*/")
SQL_FOLD_TO = "".join(b for b in _LATIN1_TO if b not in "*/")

# ---- business calendar ---------------------------------------------------------------------------


def law_holidays(year):
    """LFT art. 74 (src/core/calendar.cpp lft_art74)."""
    def nth_monday(month, n):
        d = dt.date(year, month, 1)
        d += dt.timedelta(days=(7 - d.weekday()) % 7)
        return d + dt.timedelta(weeks=n - 1)
    out = {dt.date(year, 1, 1), nth_monday(2, 1), nth_monday(3, 3), dt.date(year, 5, 1), dt.date(year, 9, 16),
           nth_monday(11, 3), dt.date(year, 12, 25)}
    if year >= 2024 and (year - 2024) % 6 == 0:
        out.add(dt.date(year, 10, 1))
    if year <= 2018 and (year - 1934) % 6 == 0:
        out.add(dt.date(year, 12, 1))
    return out


class Calendar:
    """Working time as an offset in milliseconds; add/subtract working time by bisecting."""

    def __init__(self, first_day, last_day):
        self.origin = first_day  # a date
        self.origin_ms = int(dt.datetime(first_day.year, first_day.month, first_day.day,
                                         tzinfo=dt.timezone.utc).timestamp() * 1000) - LOCAL_OFFSET_MS
        holidays = set()
        for y in range(first_day.year, last_day.year + 1):
            holidays |= law_holidays(y)
        self.business = []     # per local day index: is business day
        self.cum_before = []   # working ms before that day
        self.work_days = []    # indexes of business days
        self.work_start = []   # UTC ms of 08:00 local of each business day
        self.work_cum = []     # working ms before that business day
        total = 0
        d = first_day
        i = 0
        while d <= last_day:
            b = d.weekday() < 5 and d not in holidays
            self.business.append(b)
            self.cum_before.append(total)
            if b:
                self.work_days.append(i)
                self.work_start.append(self.origin_ms + i * DAY_MS + WORK_FROM_MIN * MIN_MS)
                self.work_cum.append(total)
                total += (WORK_TO_MIN - WORK_FROM_MIN) * MIN_MS
            d += dt.timedelta(days=1)
            i += 1
        self.work_end_cum = [c + (WORK_TO_MIN - WORK_FROM_MIN) * MIN_MS for c in self.work_cum]
        self.span = (WORK_TO_MIN - WORK_FROM_MIN) * MIN_MS

    def day_index(self, ms):
        return (ms - self.origin_ms) // DAY_MS

    def wpos(self, ms):
        """Working ms from the origin until ms."""
        i = (ms - self.origin_ms) // DAY_MS
        base = self.cum_before[i]
        if not self.business[i]:
            return base
        into = ms - (self.origin_ms + i * DAY_MS) - WORK_FROM_MIN * MIN_MS
        return base + min(max(into, 0), self.span)

    def at(self, w):
        """The instant at working offset w (an offset at a day's end is that day's 16:00)."""
        k = bisect.bisect_left(self.work_end_cum, w)
        return self.work_start[k] + (w - self.work_cum[k])

    def add(self, ms, work_ms):
        return self.at(self.wpos(ms) + work_ms)


# ---- time formatting -------------------------------------------------------------------------------

_day_cache = {}
_TIME_OF_DAY = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
_MSEC = [f".{m:03d}Z" for m in range(1000)]


def iso(ms):
    day, rest = divmod(ms, DAY_MS)
    d = _day_cache.get(day)
    if d is None:
        d = _day_cache[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat() + "T"
    return d + _TIME_OF_DAY[rest // 1000] + _MSEC[rest % 1000]


# ---- reference data --------------------------------------------------------------------------------


class Db:
    """Reads the demo's reference data from SQLite or PostgreSQL (through psql)."""

    def __init__(self, sqlite_path=None, pg_url=None):
        self.sqlite_path, self.pg_url = sqlite_path, pg_url
        self.conn = sqlite3.connect(sqlite_path, isolation_level=None) if sqlite_path else None

    def rows(self, sql):
        if self.conn:
            return [tuple("" if v is None else str(v) for v in r) for r in self.conn.execute(sql)]
        out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", self.pg_url, "-c", sql],
                             check=True, capture_output=True, text=True, encoding="utf-8", env=PG_ENV).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def load_reference(db):
    ref = {}
    ref["areas"] = {int(r[0]): (r[1], r[2]) for r in db.rows("SELECT id, code, name FROM areas")}
    ref["people"] = [(int(r[0]), r[1], int(r[2])) for r in
                     db.rows("SELECT id, full_name, area_id FROM people WHERE active = 1 ORDER BY id")]
    ref["users"] = [(int(r[0]), r[1], r[2], r[3], int(r[4]) if r[4] else None, int(r[5]) if r[5] else None)
                    for r in db.rows("SELECT id, username, display_name, role, area_id, person_id FROM users "
                                     "WHERE active = 1 ORDER BY id")]
    ref["queues"] = {int(r[0]): (int(r[1]), r[2], r[3]) for r in
                     db.rows("SELECT id, area_id, name, assignment FROM helpdesk_queues ORDER BY id")}
    ref["categories"] = [(int(r[0]), r[1], r[2], int(r[3]), int(r[4]), int(r[5]), r[6], json.loads(r[7]))
                         for r in db.rows("SELECT id, code, name, queue_id, impact, urgency, kind, fields "
                                          "FROM helpdesk_categories ORDER BY id")]
    ref["max_ticket"] = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM helpdesk_tickets")[0][0])
    ref["max_entry"] = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM helpdesk_entries")[0][0])
    ref["settings"] = db.rows("SELECT key FROM helpdesk_settings")
    return ref


# ---- the generator ---------------------------------------------------------------------------------

TICKET_COLS = ["id", "kind", "title", "description", "category_id", "queue_id", "channel", "requester_person_id",
               "requester_user_id", "requester_name", "area_id", "impact", "urgency", "priority", "priority_reason",
               "status", "is_open", "assignee_id", "fields", "assets", "response_minutes", "resolution_minutes",
               "response_due_at", "resolution_due_at", "response_warn_at", "resolution_warn_at", "response_state",
               "resolution_state", "paused_since", "first_response_at", "resolved_at", "closed_at", "reopen_count",
               "rating", "rating_comment", "rated_at", "created_by", "created_at", "updated_at"]
ENTRY_COLS = ["id", "ticket_id", "kind", "visibility", "author_id", "author_name", "via", "body", "changes",
              "created_at"]
PAUSE_COLS = ["ticket_id", "reason", "from_at", "to_at"]


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def jdump(v):
    return _encode(v)


class Generator:
    def __init__(self, ref, n_tickets, n_entries, seed, now_ms):
        self.r = random.Random(seed)
        self.ref, self.n, self.target_entries, self.now = ref, n_tickets, n_entries, now_ms
        self.start = now_ms - 3 * 365 * DAY_MS
        first = (dt.datetime.fromtimestamp((self.start + LOCAL_OFFSET_MS) / 1000, dt.timezone.utc).date()
                 - dt.timedelta(days=10))
        last = dt.datetime.fromtimestamp((now_ms + LOCAL_OFFSET_MS) / 1000, dt.timezone.utc).date() + dt.timedelta(days=400)
        self.cal = Calendar(first, last)
        users = ref["users"]
        self.user_by_person = {u[5]: u for u in users if u[5]}
        self.mesa = next((u for u in users if u[3] == "mesa_ayuda"), users[0])
        self.staff_by_queue = {}
        self.auto_pool = {}
        for qid, (area_id, _, _) in ref["queues"].items():
            techs = [u for u in users if u[4] == area_id and u[3] in ("tecnico", "mesa_ayuda")]
            heads = [u for u in users if u[4] == area_id and u[3] == "jefe_departamento"]
            # Technicians carry most of the load; the head of department takes some.
            pool = [(u, 5) for u in techs] + [(u, 1 if techs else 5) for u in heads]
            if not pool:
                pool = [(self.mesa, 1)]
            self.staff_by_queue[qid] = ([p[0] for p in pool], list(_cum([p[1] for p in pool])))
            self.auto_pool[qid] = techs or heads or [self.mesa]
        cats = ref["categories"]
        self.cats = [c for c in cats if c[1] in CATEGORY_WEIGHTS] or cats
        self.cat_cum = list(_cum([CATEGORY_WEIGHTS.get(c[1], 1) for c in self.cats]))
        people_by_area = {}
        for p in ref["people"]:
            people_by_area.setdefault(p[2], []).append(p)
        self.areas = sorted(people_by_area)
        self.people_by_area = people_by_area
        self.area_cum = list(_cum([BUSY_AREAS.get(ref["areas"][a][0], 1) * (1 + len(people_by_area[a]) / 50)
                                   for a in self.areas]))
        self.area_short = {a: ref["areas"][a][1] for a in ref["areas"]}
        # Days the tickets are filed on: working days, a trickle on weekends and holidays, growing use.
        self.days0 = self.cal.day_index(self.start)
        self.days1 = self.cal.day_index(now_ms)
        weights = []
        for i in range(self.days0, self.days1 + 1):
            growth = 0.8 + 0.4 * (i - self.days0) / max(1, self.days1 - self.days0)
            weights.append(growth * (1.0 if self.cal.business[i] else 0.05))
        self.day_cum = list(_cum(weights))
        self.next_ticket = ref["max_ticket"] + 1
        self.next_entry = ref["max_entry"] + 1
        self.heap = []
        self.seq = 0
        self.entries_made = 0
        self.skeleton_made = 0
        self.pauses = []
        self.counts = {}

    # -- pieces ------------------------------------------------------------------------------------

    def pick(self, seq):
        return seq[int(self.r.random() * len(seq))]

    def weighted(self, items, cum):
        return items[bisect.bisect_right(cum, self.r.random() * cum[-1])]

    def time_of_day_ms(self):
        r = self.r
        if r.random() < 0.92:
            minute = r.triangular(WORK_FROM_MIN, WORK_TO_MIN, 10 * 60 + 30)
        else:
            minute = r.uniform(6 * 60, 22 * 60)
        return int(minute * MIN_MS) + r.randrange(60_000)

    def created_time(self, lo_day=None):
        """A filing instant: a weighted day in range, a plausible time of day."""
        r = self.r
        if lo_day is None:
            i = bisect.bisect_right(self.day_cum, r.random() * self.day_cum[-1]) + self.days0
        else:
            i = lo_day
        ms = self.cal.origin_ms + i * DAY_MS + self.time_of_day_ms()
        return min(ms, self.now - 60_000)

    def recent_created(self, mean_days, max_days=3 * 365):
        """Open tickets: mostly recent, a backlog tail."""
        r = self.r
        while True:
            age = min(r.expovariate(1 / mean_days), max_days)
            i = self.days1 - int(age)
            if i < self.days0:
                continue
            if self.cal.business[i] or r.random() < 0.05:
                ms = self.cal.origin_ms + i * DAY_MS + self.time_of_day_ms()
                if ms < self.now - 60_000:
                    return ms

    def fill(self, template, ctx):
        if "{" not in template:
            return template
        return template.format(**ctx)

    def context(self, area_id):
        r = self.r
        sistema = self.pick(SISTEMAS)
        return {"lugar": self.pick(LUGARES), "software": self.pick(SOFTWARE), "sistema": sistema,
                "sistema_t": SISTEMA_TXT[sistema], "ext": str(r.randrange(1000, 1999)), "n": str(r.randrange(2, 60)),
                "nombre": f"{self.pick(NOMBRES)} {self.pick(APELLIDOS)} {self.pick(APELLIDOS)}",
                "puesto": self.pick(PUESTOS).lower(), "tema": self.pick(TEMAS), "bien": self.pick(BIENES),
                "cosa": self.pick(COSAS), "area": self.area_short.get(area_id, "el área"),
                "inv": f"OAX-{self.pick(['CPU', 'CPU', 'IMP', 'LAP', 'MON'])}-{r.randrange(1, 9999):04d}",
                "cuando_l": self.pick(CUANDO).lower()}

    def fields_for(self, cat, ctx):
        r = self.r
        out = {}
        for f in cat[7]:
            if not f.get("required") and r.random() < 0.5:
                continue
            k, t = f["key"], f["type"]
            if k == "inventario":
                out[k] = ctx["inv"]
            elif k == "ubicacion":
                out[k] = ctx["lugar"][0].upper() + ctx["lugar"][1:]
            elif k == "software":
                out[k] = ctx["software"][0].upper() + ctx["software"][1:]
            elif k == "extension":
                out[k] = ctx["ext"]
            elif k == "nombre_completo":
                out[k] = ctx["nombre"]
            elif k == "sistema":
                out[k] = ctx["sistema"]
            elif k == "tema":
                out[k] = ctx["tema"][0].upper() + ctx["tema"][1:]
            elif k == "bien":
                out[k] = ctx["bien"][0].upper() + ctx["bien"][1:]
            elif t == "select":
                out[k] = self.pick(f["options"])
            elif t == "number":
                out[k] = r.randrange(1, 30)
            elif t == "boolean":
                out[k] = r.random() < 0.5
            elif t == "date":
                out[k] = iso(self.now - r.randrange(0, 300) * DAY_MS)[:10]
            elif t == "area":
                continue
            else:
                out[k] = ctx["puesto"] if k == "puesto" else "Titular de la dirección"
        return out

    def entry(self, ms, ticket_id, kind, vis, author, via, body="", changes=None):
        self.seq += 1
        heapq.heappush(self.heap, (ms, self.seq, ticket_id, kind, vis, author[0] if author else None,
                                   author[1] if author else "Sistema", via, body, changes))

    def drain(self, before_ms, out):
        heap = self.heap
        while heap and heap[0][0] < before_ms:
            e = heapq.heappop(heap)
            out.append((self.next_entry, e[2], e[3], e[4], e[5], e[6], e[7], e[8],
                        jdump(e[9]) if e[9] is not None else None, iso(e[0])))
            self.next_entry += 1

    def extra_count(self, remaining_tickets):
        """Conversation entries beyond the lifecycle's, so the total lands on the target."""
        r = self.r
        made = self.entries_made
        avg_skeleton = self.skeleton_made / max(1, self.n - remaining_tickets)
        mean = (self.target_entries - made) / max(1, remaining_tickets) - avg_skeleton
        mean = max(0.0, mean)
        if mean > 0.2 and r.random() < 0.0005:
            return r.randrange(100, 300)  # the long incident everybody adds to
        m = max(0.0, mean - 0.1)
        return int(r.expovariate(1 / m) + 0.5) if m > 0 else 0

    # -- one ticket ----------------------------------------------------------------------------------

    def ticket(self, created, status, remaining):
        r = self.r
        tid = self.next_ticket
        self.next_ticket += 1
        cat = self.weighted(self.cats, self.cat_cum)
        cat_id, code, cat_name, queue_id, c_imp, c_urg, c_kind = cat[:7]
        kind = c_kind if c_kind != "ambos" else ("reporte" if r.random() < 0.6 else "solicitud")
        area_id = self.weighted(self.areas, self.area_cum)
        person = self.pick(self.people_by_area[area_id])
        puser = self.user_by_person.get(person[0])
        ctx = self.context(area_id)
        titles, details, solutions = CATEGORY_TEXT.get(code, CATEGORY_TEXT["GENERAL"])
        title = self.fill(self.pick(titles), ctx)
        title = title[0].upper() + title[1:]
        detail = self.fill(self.pick(details), ctx)
        parts = [self.pick(CUANDO) + ", " + detail]
        if r.random() < 0.6:
            parts.append(self.pick(IMPACTO))
        parts.append(self.fill(self.pick(CIERRE), ctx))
        description = " ".join(p for p in parts if p)
        fields = self.fields_for(cat, ctx)
        assets = [ctx["inv"]] if code in ("SOP-FALLA-EQUIPO", "SOP-IMPRESORA") and r.random() < 0.3 else []
        # Who files it: the person through the portal when they have an account, else the service desk.
        if puser and r.random() < 0.7:
            channel, created_by = "portal", puser[0]
        else:
            channel = self.weighted(["telefono", "correo", "presencial"], [50, 80, 100])
            created_by = None if channel == "correo" else self.mesa[0]
        impact, urgency = c_imp, c_urg
        if channel != "portal" and r.random() < 0.1:
            impact, urgency = r.randrange(1, 4), r.randrange(1, 4)
        priority = derive_priority(impact, urgency)
        reason = None
        if channel != "portal" and r.random() < 0.02:
            priority = max(1, priority - 1)
            reason = self.pick(["Afecta el cobro en cajas", "Solicitud del Presidente Municipal",
                                "Vence un plazo legal", "Afecta a toda la dependencia"])
        resp_min, res_min = SLA_TARGETS[priority]
        cal = self.cal
        resp_due = cal.add(created, resp_min * MIN_MS)
        res_due = cal.add(created, res_min * MIN_MS)
        resp_warn = cal.add(created, resp_min * WARNING_PERCENT // 100 * MIN_MS)
        res_warn = cal.add(created, res_min * WARNING_PERCENT // 100 * MIN_MS)

        queue_rule = self.ref["queues"][queue_id][2]
        staff_list, staff_cum = self.staff_by_queue[queue_id]
        if queue_rule == "manual":
            assignee = self.weighted(staff_list, staff_cum)
        else:  # the queue's rule: technicians first (auto_assignee)
            techs = self.auto_pool[queue_id]
            assignee = techs[r.randrange(len(techs))]
        a_author = (assignee[0], assignee[2])
        mesa_author = (self.mesa[0], self.mesa[2])
        req_author = (puser[0], puser[2]) if puser else None
        req_name = person[1]
        events = []  # (ms, kind, visibility, author, via, body, changes)
        is_open = status in ("nuevo", "asignado", "en_proceso", "en_espera_solicitante", "en_espera_proveedor")
        w0 = cal.wpos(created)

        def wt(mean_ms):
            return int(r.expovariate(1 / mean_ms))

        t_assign = created if queue_rule != "manual" else cal.at(w0 + wt(20 * MIN_MS))
        w_first = w0 + wt(0.3 * resp_min * MIN_MS)
        t_first = cal.at(w_first)
        w_res = max(w_first + wt(30 * MIN_MS), w0 + wt(0.3 * res_min * MIN_MS))
        t_res = cal.at(w_res)
        m = {"first": None, "resolved": None, "closed": None, "paused": None, "rated": None}
        rating = rating_comment = None
        assignee_id = assignee[0]
        if status == "nuevo" and queue_rule != "manual":
            status = "asignado"

        def assign_event(ms):
            if queue_rule != "manual":
                events.append((ms, "event", "public", None, "sistema", "",
                               {"assignee": {"from": None, "to": assignee[2]}, "rule": "auto"}))
            else:
                who = mesa_author if r.random() < 0.6 else a_author
                events.append((ms, "event", "public", who, "web", "",
                               {"assignee": {"from": None, "to": assignee[2]},
                                "status": {"from": "nuevo", "to": "asignado"}}))

        if status == "nuevo":
            assignee_id = None
        elif status == "asignado":
            assign_event(t_assign)
        elif status == "cancelado":
            t_cancel = cal.at(w0 + wt(4 * 60 * MIN_MS))
            if r.random() < 0.5 or queue_rule != "manual":
                assign_event(min(t_assign, t_cancel - 1000))
            else:
                assignee_id = None
            prev = "asignado" if assignee_id else "nuevo"
            by = a_author if (assignee_id and r.random() < 0.7) or not req_author else req_author
            events.append((t_cancel, "event", "public", by, "web", "", {"status": {"from": prev, "to": "cancelado"}}))
            events.append((t_cancel, "reply", "public", by, "web", self.pick(CANCEL_REASONS), None))
            m["closed"] = t_cancel
            if by == a_author:
                m["first"] = t_cancel
        else:
            assign_event(t_assign)
            t1 = max(t_first, t_assign + 1000)
            direct = status in ("resuelto", "cerrado") and r.random() < 0.45
            if direct:  # quick fixes (a password, a cable): resolved at the first contact
                t_res = t1
                cur = "asignado"
            elif r.random() < 0.6:
                events.append((t1, "event", "public", a_author, "web", "",
                               {"status": {"from": "asignado", "to": "en_proceso"}}))
                cur = "en_proceso"
            else:
                events.append((t1, "reply", "public", a_author, "web", self.fill(self.pick(STAFF_REPLIES), ctx), None))
                cur = "asignado"
            m["first"] = t1
            if direct:
                pass
            elif status == "en_proceso" and cur == "asignado":
                events.append((t1 + 60_000, "event", "public", a_author, "web", "",
                               {"status": {"from": "asignado", "to": "en_proceso"}}))
            elif status in ("en_espera_solicitante", "en_espera_proveedor"):
                t_wait = max(t1 + 60_000, cal.at(w_first + wt(60 * MIN_MS)))
                events.append((t_wait, "reply", "public", a_author, "web", self.pick(WAIT_QUESTIONS[status]), None))
                events.append((t_wait + 1000, "event", "public", a_author, "web", "",
                               {"status": {"from": cur, "to": status}}))
                m["paused"] = t_wait + 1000
            if status in ("resuelto", "cerrado"):
                if not direct:
                    t_res = max(t_res, t1 + 60_000)
                events.append((t_res, "event", "public", a_author, "web", "", {"status": {"from": cur, "to": "resuelto"}}))
                events.append((t_res, "reply", "public", a_author, "web", self.fill(self.pick(solutions), ctx), None))
                m["resolved"] = t_res
                if status == "cerrado":
                    if r.random() < 0.6:  # nobody confirmed: the sweep closes it after 3 business days
                        d = cal.day_index(t_res)
                        n = 0
                        while n < AUTOCLOSE_DAYS:
                            d += 1
                            n += cal.business[d]
                        t_close = cal.origin_ms + d * DAY_MS + WORK_FROM_MIN * MIN_MS + r.randrange(60_000, 900_000)
                        events.append((t_close, "event", "public", None, "sistema", "",
                                       {"days": AUTOCLOSE_DAYS, "rule": "autoclose",
                                        "status": {"from": "resuelto", "to": "cerrado"}}))
                    else:
                        t_close = cal.at(w_res + wt(4 * 60 * MIN_MS))
                        by = req_author if req_author and r.random() < 0.7 else mesa_author
                        events.append((t_close, "event", "public", by, "web", "",
                                       {"status": {"from": "resuelto", "to": "cerrado"}}))
                    m["closed"] = t_close
                    if req_author and r.random() < 0.5:
                        rating = self.weighted([5, 4, 3, 2, 1], [60, 85, 95, 98, 100])
                        m["rated"] = t_close + r.randrange(60_000, 3 * DAY_MS)
                        if rating <= 3 or r.random() < 0.3:
                            rating_comment = self.pick(["Muy buena atención.", "Tardaron en venir.",
                                                        "El técnico fue muy amable.", "Resolvieron rápido, gracias.",
                                                        "Tuvimos que reportarlo dos veces."])
                        events.append((m["rated"], "event", "public", req_author, "web", "",
                                       {"comment": rating_comment, "rating": {"from": None, "to": rating}}))
        # A lifecycle that would end in the future is squeezed into [created, now).
        late = max([created] + [e[0] for e in events] + [v for v in m.values() if v])
        if late >= self.now - 60_000:
            scale = (self.now - 120_000 - created) / (late - created)

            def squeeze(ms):
                return created + int((ms - created) * scale)
            events = [(squeeze(e[0]),) + e[1:] for e in events]
            m = {k: squeeze(v) if v else v for k, v in m.items()}
        # The SLA sweep's events: warning, then breach, if they came before the clock stopped.
        resp_state = res_state = "ok"
        if status != "cancelado":
            stop_resp = m["first"] or m["paused"] or self.now
            stop_res = m["resolved"] or m["closed"] or m["paused"] or self.now
            states = {}
            for clock, warn, due, stop in (("response", resp_warn, resp_due, stop_resp),
                                           ("resolution", res_warn, res_due, stop_res)):
                state = "ok"
                if warn < stop:
                    events.append((warn, "event", "internal", None, "sistema", "",
                                   {"sla": {"clock": clock, "state": "warning"}}))
                    state = "warning"
                if due < stop:
                    events.append((due, "event", "internal", None, "sistema", "",
                                   {"sla": {"clock": clock, "state": "breached"}}))
                    state = "breached"
                states[clock] = state
            resp_state, res_state = states["response"], states["resolution"]
        # Conversation: replies both ways and internal notes, between filing and the end.
        self.skeleton_made += len(events)
        extra = self.extra_count(remaining)
        if extra:
            lo = t_assign if assignee_id else created
            hi = m["resolved"] or m["closed"] or m["paused"] or (self.now - 60_000)
            if hi <= lo:
                lo, hi = created, max(hi, created + 1000)
            for _ in range(extra):
                ms = r.randrange(lo, hi)
                x = r.random()
                if x < 0.45 and assignee_id:
                    events.append((ms, "reply", "public", a_author, "web", self.fill(self.pick(STAFF_REPLIES), ctx), None))
                elif x < 0.8:
                    # Someone without an account writes by e-mail: the author is the sender's name.
                    events.append((ms, "reply", "public", req_author or (None, req_name), "web" if req_author else "correo",
                                   self.fill(self.pick(REQUESTER_REPLIES), ctx), None))
                else:
                    events.append((ms, "note", "internal", a_author if assignee_id else mesa_author, "web",
                                   self.fill(self.pick(NOTES), ctx), None))
        events.sort(key=lambda e: e[0])
        for e in events:
            self.entry(e[0], tid, e[1], e[2], e[3], e[4], e[5], e[6])
        self.entries_made += len(events)
        updated = max([created] + [e[0] for e in events])
        if m["paused"]:
            self.pauses.append((tid, status, iso(m["paused"]), None))
            due_cols = (None, None, None, None)
        else:
            due_cols = (iso(resp_due), iso(res_due), iso(resp_warn), iso(res_warn))
        self.counts[status] = self.counts.get(status, 0) + 1

        def opt_iso(v):
            return iso(v) if v else None
        return (tid, kind, title, description, cat_id, queue_id, channel, person[0], puser[0] if puser else None,
                req_name, area_id, impact, urgency, priority, reason, status, 1 if is_open else 0, assignee_id,
                jdump(fields), jdump(assets), resp_min, res_min) + due_cols + (
                resp_state, res_state, opt_iso(m["paused"]), opt_iso(m["first"]), opt_iso(m["resolved"]),
                opt_iso(m["closed"]), 0, rating, rating_comment, opt_iso(m["rated"]), created_by, iso(created),
                iso(updated))

    def plan(self):
        """Status and filing time of every ticket, sorted by time (ids follow filing order)."""
        r = self.r
        plan = []
        open_share = [(s, w / 100) for s, w in OPEN_STATUSES]
        for _ in range(self.n):
            x = r.random()
            acc = 0.0
            status = None
            for s, p in open_share:
                acc += p
                if x < acc:
                    status = s
                    break
            if status is None:
                if x < acc + 0.004:
                    status = "resuelto"
                elif x < acc + 0.034:
                    status = "cancelado"
                else:
                    status = "cerrado"
            if status in ("nuevo",):
                created = self.recent_created(10)
            elif status in ("asignado", "en_proceso", "en_espera_solicitante", "en_espera_proveedor"):
                created = self.recent_created(45)
            elif status == "resuelto":
                # Resolved and not yet auto-closed: filed in the last days.
                created = self.recent_created(1, 2)
            else:
                # Closed long enough ago to have been closed by now.
                while True:
                    created = self.created_time()
                    if created < self.now - 12 * DAY_MS or r.random() < 0.5:
                        break
            plan.append((created, status))
        plan.sort()
        return plan

    def run(self, sink, progress=True):
        t0 = time.time()
        plan = self.plan()
        if progress:
            print(f"   plan: {len(plan):,} tickets ({time.time() - t0:.1f} s)", flush=True)
        tickets, entries = [], []
        batch = 20000
        n = len(plan)
        for i, (created, status) in enumerate(plan):
            row = self.ticket(created, status, n - i)
            tickets.append(row)
            self.drain(created, entries)
            if len(tickets) >= batch:
                sink.tickets(tickets)
                sink.entries(entries)
                tickets, entries = [], []
                if progress and (i + 1) % 200000 == 0:
                    print(f"   {i + 1:,} tickets, {self.next_entry - self.ref['max_entry'] - 1:,} entries written "
                          f"({time.time() - t0:.0f} s)", flush=True)
        self.drain(1 << 62, entries)
        sink.tickets(tickets)
        sink.entries(entries)
        sink.pauses(self.pauses)


def _cum(weights):
    acc = 0
    for w in weights:
        acc += w
        yield acc


# ---- sinks -----------------------------------------------------------------------------------------


class SqliteSink:
    def __init__(self, path, fts_mode):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.fts_mode = fts_mode
        c = self.conn
        c.execute("PRAGMA journal_mode=OFF")
        c.execute("PRAGMA synchronous=OFF")
        c.execute("PRAGMA cache_size=-2000000")
        c.execute("PRAGMA temp_store=MEMORY")
        self.triggers = []
        if fts_mode == "bulk":
            self.triggers = c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                                      "('helpdesk_tickets_fts_ai', 'helpdesk_entries_fts_ai')").fetchall()
            for name, _ in self.triggers:
                c.execute(f"DROP TRIGGER {name}")
        self.t_sql = (f"INSERT INTO helpdesk_tickets ({', '.join(TICKET_COLS)}) VALUES "
                      f"({', '.join('?' * len(TICKET_COLS))})")
        self.e_sql = (f"INSERT INTO helpdesk_entries ({', '.join(ENTRY_COLS)}) VALUES "
                      f"({', '.join('?' * len(ENTRY_COLS))})")
        self.p_sql = f"INSERT INTO helpdesk_pauses ({', '.join(PAUSE_COLS)}) VALUES (?, ?, ?, ?)"
        self.min_ticket = self.min_entry = None
        c.execute("BEGIN")

    def tickets(self, rows):
        if rows and self.min_ticket is None:
            self.min_ticket = rows[0][0]
        self.conn.executemany(self.t_sql, rows)

    def entries(self, rows):
        if rows and self.min_entry is None:
            self.min_entry = rows[0][0]
        self.conn.executemany(self.e_sql, rows)
        self.pending = getattr(self, "pending", 0) + len(rows)
        if self.pending > 500_000:
            self.conn.execute("COMMIT")
            self.conn.execute("BEGIN")
            self.pending = 0

    def pauses(self, rows):
        self.conn.executemany(self.p_sql, rows)

    def finish(self):
        c = self.conn
        c.execute("COMMIT")
        t = time.time()
        if self.fts_mode == "bulk":
            c.execute("BEGIN")
            # Exactly the rows the triggers would have written.
            c.execute("INSERT INTO helpdesk_ticket_fts(rowid, title, description) "
                      "SELECT id, title, description FROM helpdesk_tickets WHERE id >= ?", (self.min_ticket,))
            c.execute("INSERT INTO helpdesk_entry_fts(rowid, body) SELECT id, body FROM helpdesk_entries "
                      "WHERE id >= ? AND kind IN ('reply', 'note')", (self.min_entry,))
            for _, sql in self.triggers:
                c.execute(sql)
            c.execute("COMMIT")
            print(f"   índices de texto completo (FTS5): {time.time() - t:.0f} s", flush=True)
        t = time.time()
        c.execute("ANALYZE")
        c.execute("PRAGMA journal_mode=WAL")
        c.close()
        print(f"   ANALYZE: {time.time() - t:.0f} s", flush=True)


def copy_escape(v):
    if v is None:
        return "\\N"
    if isinstance(v, str):
        if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
            v = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return v
    return str(v)


class PostgresSink:
    TABLES = ("helpdesk_tickets", "helpdesk_entries")

    def __init__(self, url):
        self.url = url
        self.t0 = time.time()
        # Secondary indexes and foreign keys of the two big tables, to drop now and make again.
        self.indexes = [r[1] for r in self.q(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('helpdesk_tickets','helpdesk_entries') "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p','u')) ORDER BY indexname")]
        idx_names = [r[0] for r in self.q(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('helpdesk_tickets','helpdesk_entries') "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p','u'))")]
        self.fks = self.q("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                          "WHERE contype = 'f' AND (conrelid::regclass::text IN ('helpdesk_tickets','helpdesk_entries') "
                          "OR confrelid::regclass::text IN ('helpdesk_tickets','helpdesk_entries'))")
        sql = ["SET client_min_messages = warning;"]
        for table, name, _ in self.fks:
            sql.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}";')
        for name in idx_names:
            sql.append(f'DROP INDEX "{name}";')
        f_from, f_to = SQL_FOLD_FROM.replace("'", "''"), SQL_FOLD_TO
        sql.append(f"""
CREATE FUNCTION bench_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT translate(lower(t), '{f_from}', '{f_to}') $$;
CREATE FUNCTION bench_ticket_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.search_tsv := to_tsvector('spanish', bench_fold(NEW.title || E'\\n' || NEW.description)); RETURN NEW; END $$;
CREATE FUNCTION bench_entry_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind IN ('reply', 'note') THEN NEW.search_tsv := to_tsvector('spanish', bench_fold(NEW.body)); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bench_ticket_tsv BEFORE INSERT ON helpdesk_tickets FOR EACH ROW EXECUTE FUNCTION bench_ticket_tsv();
CREATE TRIGGER bench_entry_tsv BEFORE INSERT ON helpdesk_entries FOR EACH ROW EXECUTE FUNCTION bench_entry_tsv();
""")
        self.script("\n".join(sql))
        cols_t, cols_e = ", ".join(TICKET_COLS), ", ".join(ENTRY_COLS)
        self.copy_t = self.copier(f"COPY helpdesk_tickets ({cols_t}) FROM STDIN")
        self.copy_e = self.copier(f"COPY helpdesk_entries ({cols_e}) FROM STDIN")
        self.pause_rows = []

    def q(self, sql):
        out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", self.url, "-c", sql],
                             check=True, capture_output=True, text=True, encoding="utf-8", env=PG_ENV).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def script(self, sql):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url], input=sql, text=True, encoding="utf-8", env=PG_ENV, check=True,
                       stdout=subprocess.DEVNULL)

    def copier(self, copy_sql):
        # psql reads the COPY data from its own standard input ("pstdin").
        return subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c",
                                 copy_sql.replace("FROM STDIN", "FROM PSTDIN").replace("COPY", "\\copy")],
                                stdin=subprocess.PIPE, text=True, encoding="utf-8", env=PG_ENV,
                                bufsize=1 << 20)

    @staticmethod
    def lines(rows):
        return "".join("\t".join(copy_escape(v) for v in row) + "\n" for row in rows)

    def tickets(self, rows):
        self.copy_t.stdin.write(self.lines(rows))

    def entries(self, rows):
        self.copy_e.stdin.write(self.lines(rows))

    def pauses(self, rows):
        self.pause_rows = rows

    def finish(self):
        for p in (self.copy_t, self.copy_e):
            p.stdin.close()
        for p in (self.copy_t, self.copy_e):
            if p.wait() != 0:
                raise SystemExit("COPY falló")
        print(f"   COPY terminado ({time.time() - self.t0:.0f} s desde el inicio de la carga)", flush=True)
        self.script("COPY helpdesk_pauses (ticket_id, reason, from_at, to_at) FROM STDIN;\n" +
                    self.lines(self.pause_rows) + "\\.\n" +
                    "DROP TRIGGER bench_ticket_tsv ON helpdesk_tickets; DROP TRIGGER bench_entry_tsv ON helpdesk_entries;"
                    "DROP FUNCTION bench_ticket_tsv(); DROP FUNCTION bench_entry_tsv(); DROP FUNCTION bench_fold(text);")
        t = time.time()
        # Two sessions make the indexes (two cores), the biggest ones split between them.
        groups = [[], []]
        order = sorted(self.indexes, key=lambda d: ("gin" not in d.lower(), "helpdesk_entries" not in d))
        for i, d in enumerate(order):
            groups[i % 2].append(d)
        procs = [subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url], stdin=subprocess.PIPE,
                                  text=True, encoding="utf-8", env=PG_ENV, stdout=subprocess.DEVNULL) for _ in groups]
        for p, g in zip(procs, groups):
            p.stdin.write("SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0;\n" +
                          "".join(d + ";\n" for d in g))
            p.stdin.close()
        for p in procs:
            if p.wait() != 0:
                raise SystemExit("CREATE INDEX falló")
        print(f"   índices ({len(self.indexes)}): {time.time() - t:.0f} s", flush=True)
        t = time.time()
        sql = ["SET maintenance_work_mem = '1GB';"]
        for table, name, definition in self.fks:
            sql.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition};')
        for table in ("helpdesk_tickets", "helpdesk_entries", "helpdesk_pauses"):
            sql.append(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}));")
        self.script("\n".join(sql))
        print(f"   llaves foráneas y secuencias: {time.time() - t:.0f} s", flush=True)
        t = time.time()
        self.script("VACUUM (ANALYZE) helpdesk_tickets; VACUUM (ANALYZE) helpdesk_entries; VACUUM (ANALYZE) helpdesk_pauses;")
        print(f"   VACUUM ANALYZE: {time.time() - t:.0f} s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--sqlite", metavar="DB")
    g.add_argument("--postgres", metavar="URL")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--entries", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--now", help="ISO-8601 UTC instant taken as now (default: the clock)")
    ap.add_argument("--fts", choices=["bulk", "trigger"], default="bulk", help="SQLite: how the FTS5 tables are filled")
    a = ap.parse_args()
    now_ms = int((dt.datetime.fromisoformat(a.now.replace("Z", "+00:00")) if a.now else
                  dt.datetime.now(dt.timezone.utc)).timestamp() * 1000)
    t0 = time.time()
    db = Db(sqlite_path=a.sqlite, pg_url=a.postgres)
    ref = load_reference(db)
    if ref["settings"]:
        print("aviso: helpdesk_settings tiene valores propios; el generador usa los predeterminados", file=sys.stderr)
    if db.conn:
        db.conn.close()
    if len(ref["queues"]) < 1 or len(ref["categories"]) < 1 or not ref["people"]:
        raise SystemExit("la base no tiene la demostración (tequio demo)")
    gen = Generator(ref, a.tickets, a.entries, a.seed, now_ms)
    sink = SqliteSink(a.sqlite, a.fts) if a.sqlite else PostgresSink(a.postgres)
    gen.run(sink)
    print(f"   generado: {gen.next_ticket - ref['max_ticket'] - 1:,} tickets, "
          f"{gen.next_entry - ref['max_entry'] - 1:,} entradas, {len(gen.pauses):,} pausas abiertas "
          f"({time.time() - t0:.0f} s)", flush=True)
    sink.finish()
    print("   estados: " + ", ".join(f"{k} {v:,}" for k, v in sorted(gen.counts.items(), key=lambda kv: -kv[1])))
    print(f"GENERATE_SECONDS {time.time() - t0:.0f}")


if __name__ == "__main__":
    main()
