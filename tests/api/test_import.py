"""CSV import of people and areas: the report names the line of each bad row, and nothing
is written on a dry run or when any row is rejected."""

from base import ServerTestCase

PEOPLE_HEADER = "full_name,area_code,job_title,email,extension\n"
AREAS_HEADER = "code,name,kind,parent_code\n"


class PeopleImport(ServerTestCase):
    def run_import(self, csv, dry_run):
        return self.admin.request("POST", f"/api/v1/people/import?dry_run={'true' if dry_run else 'false'}",
                                  body=csv.encode("utf-8"), content_type="text/csv")

    def snapshot(self):
        return self.admin.total("/api/v1/people"), self.admin.total("/api/v1/audit")

    def test_dry_run_with_one_bad_row_reports_its_line_and_writes_nothing(self):
        csv = (PEOPLE_HEADER
               + "Ana Ensayada Uno,DSI,Analista,ana.uno@prueba.example,3101\n"
               + "Beto Sin Área,NO-EXISTE,Analista,beto@prueba.example,3102\n"
               + "Carla Ensayada Tres,DSI-SOP,Técnica,carla.tres@prueba.example,3103\n")
        people_before = self.admin.total("/api/v1/people")
        r = self.assertStatus(self.run_import(csv, True), 200)
        rep = r.json()
        self.assertIs(rep["dry_run"], True)
        self.assertEqual(rep["accepted"], 2, rep)
        self.assertEqual([x["line"] for x in rep["rejected"]], [3], rep)
        self.assertTrue(rep["rejected"][0]["errors"], rep)
        self.assertIn("area_code", [e["field"] for e in rep["rejected"][0]["errors"]], rep)
        self.assertEqual(self.admin.total("/api/v1/people"), people_before)
        self.assertEqual(self.admin.total("/api/v1/people?q=Ensayada"), 0)

    def test_real_run_with_a_bad_row_writes_nothing(self):
        csv = (PEOPLE_HEADER
               + "Diego Importado,DSI,Analista,diego@prueba.example,3104\n"
               + ",DSI,Sin nombre,sin.nombre@prueba.example,3105\n")
        before = self.admin.total("/api/v1/people")
        rep = self.assertStatus(self.run_import(csv, False), 200).json()
        self.assertIs(rep["dry_run"], False)
        self.assertEqual([x["line"] for x in rep["rejected"]], [3], rep)
        self.assertIn("full_name", [e["field"] for e in rep["rejected"][0]["errors"]], rep)
        self.assertEqual(self.admin.total("/api/v1/people"), before)

    def test_several_bad_rows_each_reported(self):
        csv = (PEOPLE_HEADER
               + "Bien Uno,DSI,,,\n"
               + "Correo Malo,DSI,,no-es-correo,\n"
               + "Bien Dos,DSI,,,\n"
               + "Área Mala,ZZZ,,,\n")
        rep = self.assertStatus(self.run_import(csv, True), 200).json()
        self.assertEqual(rep["accepted"], 2, rep)
        self.assertEqual([x["line"] for x in rep["rejected"]], [3, 5], rep)

    def test_clean_dry_run_then_real_run(self):
        csv = (PEOPLE_HEADER
               + "Elena Importada,DSI,Analista,elena.imp@prueba.example,3106\n"
               + "\"Fausto, el Importado\",DSI-SOP,\"Técnico \"\"A\"\"\",fausto.imp@prueba.example,3107\n")
        before = self.admin.total("/api/v1/people")
        rep = self.assertStatus(self.run_import(csv, True), 200).json()
        self.assertEqual((rep["accepted"], rep["rejected"]), (2, []))
        self.assertEqual(self.admin.total("/api/v1/people"), before)
        rep = self.assertStatus(self.run_import(csv, False), 200).json()
        self.assertEqual((rep["dry_run"], rep["accepted"], rep["rejected"]), (False, 2, []))
        self.assertEqual(self.admin.total("/api/v1/people"), before + 2)
        got = self.admin.get("/api/v1/people?q=fausto.imp").json()["items"]
        self.assertEqual([(p["full_name"], p["job_title"]) for p in got], [("Fausto, el Importado", 'Técnico "A"')])

    def test_import_body_must_be_csv(self):
        r = self.admin.request("POST", "/api/v1/people/import?dry_run=true", content_type="application/json",
                               body=b'{"full_name":"x"}')
        self.assertProblem(r, 415, statuses=(400, 415))

    def test_wrong_header_is_refused(self):
        before = self.admin.total("/api/v1/people")
        r = self.run_import("nombre,area\nAlguien,DSI\n", False)
        self.assertIn(r.status, (200, 400, 422), r)
        if r.status == 200:
            self.assertTrue(r.json()["rejected"], r)
        else:
            self.assertProblem(r, r.status)
        self.assertEqual(self.admin.total("/api/v1/people"), before)

    def test_invalid_utf8_csv_is_400(self):
        before = self.admin.total("/api/v1/people")
        r = self.admin.request("POST", "/api/v1/people/import?dry_run=false", content_type="text/csv",
                               body=PEOPLE_HEADER.encode() + b"Jos\xe9 P\xe9rez,DSI,,,\n")
        self.assertProblem(r, 400)
        self.assertEqual(self.admin.total("/api/v1/people"), before)


class AreasImport(ServerTestCase):
    def test_dry_run_with_one_bad_row(self):
        csv = (AREAS_HEADER
               + "IMP-A,Área importada A,unidad,DSI\n"
               + "IMP-B,Área de tipo malo,galaxia,DSI\n"
               + "IMP-C,Área hija de A,unidad,IMP-A\n")
        before = self.admin.total("/api/v1/areas")
        rep = self.assertStatus(self.admin.request("POST", "/api/v1/areas/import?dry_run=true", body=csv,
                                                   content_type="text/csv"), 200).json()
        self.assertEqual(rep["accepted"], 2, rep)
        self.assertEqual([x["line"] for x in rep["rejected"]], [3], rep)
        self.assertIn("kind", [e["field"] for e in rep["rejected"][0]["errors"]], rep)
        self.assertEqual(self.admin.total("/api/v1/areas"), before)
