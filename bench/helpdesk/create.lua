-- Filing a ticket (durable: the 201 comes after COMMIT): POST /api/v1/helpdesk/tickets as the
-- service desk (mesa_ayuda) taking a phone call, category «Falla de equipo de cómputo», for a
-- random requester. Env: BENCH_DIR, BENCH_COOKIE, BENCH_CSRF, BENCH_CATEGORY_ID,
-- BENCH_PEOPLE_FILE (one person id a line).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
wrk.headers["Content-Type"] = "application/json"
local category = os.getenv("BENCH_CATEGORY_ID")
local people = {}
local titles = {"La computadora no enciende", "El equipo se reinicia solo", "Pantalla azul al encender la computadora",
                "El monitor no da imagen", "Computadora muy lenta al abrir programas", "El teclado no responde"}
local places = {"la ventanilla 2", "la caja 3", "recepción", "el área de captura", "la oficialía de partes"}

function init(args)
  seed_random()
  people = read_lines(os.getenv("BENCH_PEOPLE_FILE"))
end

function request()
  local inv = string.format("OAX-CPU-%04d", math.random(9999))
  local body = string.format(
    '{"kind":"reporte","title":"%s","description":"Desde esta mañana el equipo de %s falla; no podemos atender. Solicito que un técnico lo revise.",' ..
    '"category_id":%s,"channel":"telefono","requester_person_id":%s,"fields":{"inventario":"%s"}}',
    titles[math.random(#titles)], places[math.random(#places)], category, people[math.random(#people)], inv)
  return wrk.format("POST", "/api/v1/helpdesk/tickets", nil, body)
end

done = tequio_report
