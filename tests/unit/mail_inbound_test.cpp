// src/mail/inbound.h: parsing received mail — realistic replies from common clients, charsets,
// attachments, malformed input (never a crash), reply extraction and ticket numbers.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "expect_result.h"
#include "mail/inbound.h"
#include "mail/message.h"

namespace tequio::mail {
namespace {

using namespace std::string_literals;
using tequio::testing::FailsWith;
using tequio::testing::Succeeded;

// Test messages are written with "\n"; real ones arrive with CRLF.
std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

bool all_text_valid(const InboundMessage& m) {
  for (const std::string* s : {&m.from_address, &m.from_name, &m.subject, &m.message_id, &m.text_body, &m.reply_text})
    if (!valid_utf8(*s) || s->find('\0') != std::string::npos) return false;
  for (const auto& a : m.attachments)
    if (!valid_utf8(a.filename) || a.filename.find('/') != std::string::npos) return false;
  for (const auto& r : m.references)
    if (!valid_utf8(r)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Realistic messages

const char* const kGmailReply = R"(Delivered-To: mesa+123@oaxaca.example
Received: by 2002:a05:6a10:1234 with SMTP id abc;
        Mon, 23 Nov 2026 08:15:02 -0800 (PST)
MIME-Version: 1.0
References: <notif.1.xyz@oaxaca.example>
In-Reply-To: <notif.1.xyz@oaxaca.example>
From: =?UTF-8?Q?Mar=C3=ADa_L=C3=B3pez?= <maria.lopez@gmail.com>
Date: Mon, 23 Nov 2026 10:15:00 -0600
Message-ID: <CAF+abc123=XyZ@mail.gmail.com>
Subject: =?UTF-8?Q?Re=3A_=5BMS=2D123=5D_Falla_de_impresi=C3=B3n_en_la_oficina_de_?=
 =?UTF-8?Q?Tesorer=C3=ADa?=
To: Mesa de servicio <mesa+123@oaxaca.example>
Cc: "Ruiz, Ana" <ana.ruiz@oaxaca.example>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3"

--000000000000a1b2c3
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Ya qued=C3=B3 la impresora, gracias.

Saludos,
Mar=C3=ADa

El lun, 23 nov 2026 a las 10:00, Mesa de servicio (<mesa+123@oaxaca.example=
>)
escribi=C3=B3:

> ## Escriba su respuesta arriba de esta l=C3=ADnea ##
>
> Su solicitud MS-123 fue registrada.
>

--000000000000a1b2c3
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Ya qued=C3=B3 la impresora, gracias.<div><br></div><div>Sa=
ludos,</div><div>Mar=C3=ADa</div></div><br><div class=3D"gmail_quote"><div =
dir=3D"ltr" class=3D"gmail_attr">El lun, 23 nov 2026 a las 10:00, Mesa de s=
ervicio (&lt;<a href=3D"mailto:mesa+123@oaxaca.example">mesa+123@oaxaca.exa=
mple</a>&gt;) escribi=C3=B3:<br></div><blockquote class=3D"gmail_quote">## =
Escriba su respuesta arriba de esta l=C3=ADnea ##<br><br>Su solicitud MS-12=
3 fue registrada.</blockquote></div>

--000000000000a1b2c3--
)";

TEST(MailInbound, GmailReplyInSpanishPrefersPlainTextAndCutsTheQuote) {
  auto r = parse_message(crlf(kGmailReply));
  ASSERT_TRUE(Succeeded(r));
  const InboundMessage& m = *r;
  EXPECT_EQ(m.from_address, "maria.lopez@gmail.com");
  EXPECT_EQ(m.from_name, "María López");
  EXPECT_EQ(m.subject, "Re: [MS-123] Falla de impresión en la oficina de Tesorería");
  EXPECT_EQ(m.message_id, "<CAF+abc123=XyZ@mail.gmail.com>");
  EXPECT_EQ(m.in_reply_to, "<notif.1.xyz@oaxaca.example>");
  EXPECT_EQ(m.references, std::vector<std::string>{"<notif.1.xyz@oaxaca.example>"});
  EXPECT_EQ(m.to_addresses, (std::vector<std::string>{"mesa+123@oaxaca.example", "ana.ruiz@oaxaca.example"}));
  EXPECT_EQ(m.text_body.rfind("Ya quedó la impresora, gracias.\n\nSaludos,\nMaría\n\nEl lun, 23 nov", 0), 0u) << m.text_body;
  EXPECT_NE(m.text_body.find("> Su solicitud MS-123 fue registrada."), std::string::npos);
  EXPECT_EQ(m.reply_text, "Ya quedó la impresora, gracias.\n\nSaludos,\nMaría");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(ticket_number_from(m, "MS"), 123);
}

TEST(MailInbound, TheHtmlAlternativeAloneGivesTheSameReply) {
  // Gmail's HTML part by itself: the attribution line and the blockquote are recognized.
  std::string raw = kGmailReply;
  size_t plain = raw.find("--000000000000a1b2c3\nContent-Type: text/plain");
  size_t html = raw.find("--000000000000a1b2c3\nContent-Type: text/html");
  raw.erase(plain, html - plain);
  auto r = parse_message(crlf(raw));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_NE(r->text_body.find("> ## Escriba su respuesta"), std::string::npos) << r->text_body;
  EXPECT_EQ(r->reply_text, "Ya quedó la impresora, gracias.\n\nSaludos,\nMaría");
}

const char* const kOutlookReply = R"(From: =?iso-8859-1?Q?P=E9rez=2C_Juan?= <juan.perez@oaxaca.example>
To: "mesa@oaxaca.example" <mesa@oaxaca.example>
Subject: RE: [MS-77] Sin acceso a la red
Date: Mon, 23 Nov 2026 11:02:13 -0600
Message-ID: <000001d9a1b2$c3d4e5f6$a7b8c9d0@oaxaca.example>
In-Reply-To: <notif.77@oaxaca.example>
MIME-Version: 1.0
Content-Type: text/plain;
	charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdnBq1234567890abcdef==

Ya tengo acceso, pueden cerrar el reporte.=20

Juan P=E9rez
Direcci=F3n de Finanzas =96 Ext. 1234

-----Mensaje original-----
De: Mesa de servicio [mailto:mesa@oaxaca.example]=20
Enviado el: lunes, 23 de noviembre de 2026 10:00
Para: P=E9rez, Juan
Asunto: [MS-77] Sin acceso a la red

## Escriba su respuesta arriba de esta l=EDnea ##

Su solicitud fue registrada.
)";

TEST(MailInbound, OutlookReplyInLatin1QuotedPrintableCutsAtMensajeOriginal) {
  auto r = parse_message(crlf(kOutlookReply));
  ASSERT_TRUE(Succeeded(r));
  const InboundMessage& m = *r;
  EXPECT_EQ(m.from_name, "Pérez, Juan");
  EXPECT_EQ(m.from_address, "juan.perez@oaxaca.example");
  EXPECT_EQ(m.to_addresses, std::vector<std::string>{"mesa@oaxaca.example"});
  EXPECT_EQ(m.message_id, "<000001d9a1b2$c3d4e5f6$a7b8c9d0@oaxaca.example>");
  EXPECT_NE(m.text_body.find("Para: Pérez, Juan\n"), std::string::npos);
  // 0x96 is an en dash in windows-1252, which mail labelled ISO-8859-1 really is.
  EXPECT_EQ(m.reply_text, "Ya tengo acceso, pueden cerrar el reporte.\n\nJuan Pérez\nDirección de Finanzas – Ext. 1234");
  EXPECT_EQ(ticket_number_from(m, "MS"), 77);
}

const char* const kNewOutlookBase64 = R"(From: Ana Ruiz <ana.ruiz@oaxaca.example>
To: Mesa de servicio <mesa@oaxaca.example>
Subject: =?utf-8?B?UkU6IFtNUy04OF0gQ29ycmVvIGxlbnRv?=
Message-ID: <DM6PR01MB1234@namprd01.prod.outlook.com>
References: <a.1@oaxaca.example>
 <notif.88@oaxaca.example>
In-Reply-To: <notif.88@oaxaca.example>
Content-Type: multipart/alternative;
	boundary="_000_DM6PR01MB1234_"
MIME-Version: 1.0

--_000_DM6PR01MB1234_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

TGlzdG8sIHlhIGZ1bmNpb25hIGVsIGNvcnJlbyDwn5GNLg0KDQpBbmEgUnVpeg0KVGVzb3JlcsOt
YQ0KDQpfX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fXw0KRGU6IE1lc2EgZGUgc2Vydmlj
aW8gPG1lc2FAb2F4YWNhLmV4YW1wbGU+DQpFbnZpYWRvOiBsdW5lcywgMjMgZGUgbm92aWVtYnJl
IGRlIDIwMjYgMTA6MDANClBhcmE6IEFuYSBSdWl6IDxhbmEucnVpekBvYXhhY2EuZXhhbXBsZT4N
CkFzdW50bzogW01TLTg4XSBDb3JyZW8gbGVudG8NCg0KIyMgRXNjcmliYSBzdSByZXNwdWVzdGEg
YXJyaWJhIGRlIGVzdGEgbMOtbmVhICMjDQpTdSBzb2xpY2l0dWQgZnVlIHJlZ2lzdHJhZGEuDQo=

--_000_DM6PR01MB1234_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

PGh0bWw+PGJvZHk+TGlzdG88L2JvZHk+PC9odG1sPg==

--_000_DM6PR01MB1234_--
)";

TEST(MailInbound, OutlookBase64Utf8BodyCutsAtTheDeEnviadoBlock) {
  auto r = parse_message(crlf(kNewOutlookBase64));
  ASSERT_TRUE(Succeeded(r));
  const InboundMessage& m = *r;
  EXPECT_EQ(m.subject, "RE: [MS-88] Correo lento");
  EXPECT_EQ(m.references, (std::vector<std::string>{"<a.1@oaxaca.example>", "<notif.88@oaxaca.example>"}));
  EXPECT_EQ(m.text_body.find('\r'), std::string::npos);
  EXPECT_NE(m.text_body.find("Enviado: lunes, 23 de noviembre de 2026 10:00\n"), std::string::npos);
  EXPECT_EQ(m.reply_text, "Listo, ya funciona el correo 👍.\n\nAna Ruiz\nTesorería");
}

const char* const kAttachments = R"(From: Ana Ruiz <ana.ruiz@oaxaca.example>
To: mesa@oaxaca.example
Subject: Oficio firmado
Message-ID: <adj.1@oaxaca.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

This is a multi-part message in MIME format.
--mix
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Adjunto el oficio firmado y una captura.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Adjunto el oficio <b>firmado</b> y una captura.</p><img src="cid:img1">
--rel
Content-Type: image/png
Content-ID: <img1>
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUg==
--rel--
--alt--
--mix
Content-Type: application/pdf; name="oficio.pdf"
Content-Disposition: attachment;
 filename*0*=UTF-8''Oficio%20n%C3%BAm.%2012%20%E2%80%94%20;
 filename*1*=Direcci%C3%B3n.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJeT89t8K
--mix
Content-Type: image/png; name="=?UTF-8?B?QzpcVXNlcnNcYW5hXEVzY3JpdG9yaW9cY2FwdHVyYSDDsS5wbmc=?="
Content-Disposition: inline
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUg==
--mix
Content-Type: text/plain; charset=iso-8859-1
Content-Disposition: attachment; filename="../../etc/notas=E1.txt"
Content-Transfer-Encoding: quoted-printable

l=EDnea uno
l=EDnea dos
--mix--
Epilogue that nobody reads.
)";

TEST(MailInbound, AttachmentsKeepTheirBytesAndGetSafeUtf8Names) {
  auto r = parse_message(crlf(kAttachments));
  ASSERT_TRUE(Succeeded(r));
  const InboundMessage& m = *r;
  EXPECT_EQ(m.text_body, "Adjunto el oficio firmado y una captura.");
  ASSERT_EQ(m.attachments.size(), 4u);
  // The inline image of the HTML alternative, unnamed: a generated name.
  EXPECT_EQ(m.attachments[0].filename, "adjunto-1.png");
  EXPECT_EQ(m.attachments[0].media_type, "image/png");
  EXPECT_EQ(m.attachments[0].content, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  // RFC 2231 continuations with a charset.
  EXPECT_EQ(m.attachments[1].filename, "Oficio núm. 12 — Dirección.pdf");
  EXPECT_EQ(m.attachments[1].media_type, "application/pdf");
  EXPECT_EQ(m.attachments[1].content, "%PDF-1.4\n%\xE4\xFC\xF6\xDF\n");
  // An encoded-word name with a Windows path: only the file name remains.
  EXPECT_EQ(m.attachments[2].filename, "captura ñ.png");
  // A text attachment stays bytes, CRLF and Latin-1 included; its name loses the path.
  EXPECT_EQ(m.attachments[3].filename, "notas=E1.txt");
  EXPECT_EQ(m.attachments[3].media_type, "text/plain");
  EXPECT_EQ(m.attachments[3].content, "l\xEDnea uno\r\nl\xEDnea dos");
}

TEST(MailInbound, HtmlOnlyBodyIsStrippedToText) {
  const char* raw = R"(From: "Soporte Externo" <soporte@proveedor.example>
To: mesa@oaxaca.example
Subject: Aviso
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<!DOCTYPE html><html><head><style>p{color:red}</style><title>Aviso</title></h=
ead><body><!-- comentario --><p>Buen d=EDa,</p><p>El equipo <b>no enciende</b>=
 &amp; hace ruido &lt;raro&gt;.</p><script>alert("x")</script><ul><li>Uno</li><=
li>Dos&nbsp;&#241;&#xF1;</li></ul><table><tr><td>A</td><td>B</td></tr></table>=
</body></html>
)";
  auto r = parse_message(crlf(raw));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->text_body, "Buen día,\n\nEl equipo no enciende & hace ruido <raro>.\n\n- Uno\n- Dos ññ\nA B");
  EXPECT_EQ(r->reply_text, r->text_body);
  EXPECT_EQ(r->from_name, "Soporte Externo");
}

TEST(MailInbound, Latin1EightBitBodyAndRawLatin1HeadersBecomeUtf8) {
  std::string raw =
      "From: Jos\xE9 <jose@x.example>\n"
      "To: mesa@oaxaca.example\n"
      "Subject: Impresi\xF3n\n"
      "Content-Type: text/plain; charset=ISO-8859-1\n"
      "Content-Transfer-Encoding: 8bit\n"
      "\n"
      "Se\xF1or, la impresora \xBFya qued\xF3?\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->from_name, "José");
  EXPECT_EQ(r->subject, "Impresión");
  EXPECT_EQ(r->text_body, "Señor, la impresora ¿ya quedó?\n");
}

TEST(MailInbound, InvalidUtf8InAUtf8BodyIsReplaced) {
  std::string raw = "From: a@x.example\nContent-Type: text/plain; charset=utf-8\n\nbien \xC3 mal \xED\xA0\x80 y NUL\0 fin\n"s;
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(valid_utf8(r->text_body));
  EXPECT_EQ(r->text_body.find('\0'), std::string::npos);
  EXPECT_EQ(r->text_body.rfind("bien \xEF\xBF\xBD mal ", 0), 0u) << r->text_body;
}

TEST(MailInbound, OtherCharsetsGoThroughIconv) {
  std::string raw = "From: a@x.example\nSubject: =?ISO-8859-2?Q?=A3=F3d=BC?=\n"
                    "Content-Type: text/plain; charset=\"iso-8859-2\"\n\nZa\xBF\xF3\xB3\xE6 g\xEA\xB6l\xB1 ja\xBC\xF1\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->subject, "Łódź");
  EXPECT_EQ(r->text_body, "Zażółć gęślą jaźń\n");
}

TEST(MailInbound, UnknownCharsetFallsBackWithoutFailing) {
  std::string raw = "From: a@x.example\nContent-Type: text/plain; charset=x-inventado\n\ncaf\xE9 y caf\xC3\xA9\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(valid_utf8(r->text_body));
  EXPECT_EQ(r->text_body, "café y cafÃ©\n");  // not UTF-8 as a whole: read as windows-1252
}

TEST(MailInbound, LfOnlyMessagesAndAnMboxFromLineAreAccepted) {
  std::string raw = "From mesa@oaxaca.example Mon Nov 23 10:00:00 2026\n"
                    "From: Pedro <pedro@x.example>\nSubject: sin CR\n\nHola\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->from_address, "pedro@x.example");
  EXPECT_EQ(r->text_body, "Hola\n");
  EXPECT_EQ(r->reply_text, "Hola");
}

TEST(MailInbound, FormatFlowedLinesAreJoined) {
  std::string raw =
      "From: t@x.example\r\n"
      "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no\r\n"
      "\r\n"
      "Esta es una línea larga que \r\n"
      "el cliente partió en dos.\r\n"
      "-- \r\n"
      "Firma\r\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->text_body, "Esta es una línea larga que el cliente partió en dos.\n-- \nFirma\n");
}

TEST(MailInbound, NestingDeeperThanTenLevelsIsIgnoredNotFollowed) {
  auto nested = [](int depth) {
    std::string raw = "From: a@x.example\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n";
    std::string tail;
    for (int i = 1; i <= depth; ++i) {
      raw += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\n\n";
      tail = "--b" + std::to_string(i - 1) + "--\n" + tail;
    }
    raw += "--b" + std::to_string(depth) + "\nContent-Type: text/plain\n\nhondo\n--b" + std::to_string(depth) + "--\n";
    return raw + tail;
  };
  auto shallow = parse_message(nested(8));
  ASSERT_TRUE(Succeeded(shallow));
  EXPECT_EQ(shallow->text_body, "hondo");
  auto deep = parse_message(nested(500));
  ASSERT_TRUE(Succeeded(deep));
  EXPECT_EQ(deep->text_body, "");
}

// ---------------------------------------------------------------------------------------------
// Headers

TEST(MailInboundHeaders, EncodedWordsInBAndQWithSeveralCharsets) {
  EXPECT_EQ(decode_header_text("=?UTF-8?B?w7Egw6Egw6k=?="), "ñ á é");
  EXPECT_EQ(decode_header_text("=?utf-8?q?Impresi=C3=B3n_da=C3=B1ada?="), "Impresión dañada");
  EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?Impresi=F3n?="), "Impresión");
  EXPECT_EQ(decode_header_text("=?iso-8859-1?b?U2Xxb3I=?="), "Señor");
  EXPECT_EQ(decode_header_text("=?windows-1252?Q?=93Hola=94_=80?="), "“Hola” €");
  EXPECT_EQ(decode_header_text("=?UTF-8*es?Q?a=C3=B1o?="), "año");
}

TEST(MailInboundHeaders, WhitespaceBetweenEncodedWordsIsDroppedButNotAroundText) {
  EXPECT_EQ(decode_header_text("=?UTF-8?Q?a?= =?UTF-8?Q?b?="), "ab");
  EXPECT_EQ(decode_header_text("=?UTF-8?Q?a?=\t  =?UTF-8?Q?_b?="), "a b");
  EXPECT_EQ(decode_header_text("Re: =?UTF-8?Q?caf=C3=A9?= con pan"), "Re: café con pan");
  EXPECT_EQ(decode_header_text("x =?UTF-8?Q?y?= z"), "x y z");
}

TEST(MailInboundHeaders, ACharacterSplitAcrossTwoWordsIsJoined) {
  // "ñ" is C3 B1; a sloppy encoder put each byte in its own word.
  EXPECT_EQ(decode_header_text("=?UTF-8?Q?a=C3?= =?UTF-8?Q?=B1o?="), "año");
  EXPECT_EQ(decode_header_text("=?UTF-8?B?w6E=?= =?UTF-8?B?w6k=?="), "áé");
}

TEST(MailInboundHeaders, MalformedEncodedWordsStayAsText) {
  EXPECT_EQ(decode_header_text("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");
  EXPECT_EQ(decode_header_text("=?UTF-8?Q?sin cierre"), "=?UTF-8?Q?sin cierre");
  EXPECT_EQ(decode_header_text("2 + 2 =? 4"), "2 + 2 =? 4");
  EXPECT_EQ(decode_header_text("=??Q?x?="), "=??Q?x?=");
  EXPECT_TRUE(valid_utf8(decode_header_text("=?UTF-8?B?/w==?=")));  // a lone 0xFF
}

TEST(MailInboundHeaders, AddressFormsAndGroups) {
  const char* raw = "From: juan@x.example (Juan =?UTF-8?Q?P=C3=A9rez?=)\n"
                    "To: \"Pérez, Ana\" <ana@x.example>, <sin.nombre@x.example>, Equipo: uno@x.example, dos@x.example;\n"
                    "Cc: undisclosed-recipients:;, basura, =?UTF-8?Q?Jos=C3=A9?= <jose+55@x.example>\n"
                    "Subject: x\n\ncuerpo\n";
  auto r = parse_message(raw);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->from_address, "juan@x.example");
  EXPECT_EQ(r->from_name, "Juan Pérez");
  EXPECT_EQ(r->to_addresses, (std::vector<std::string>{"ana@x.example", "sin.nombre@x.example", "uno@x.example",
                                                       "dos@x.example", "jose+55@x.example"}));
}

TEST(MailInboundHeaders, FoldedHeadersAreUnfolded) {
  auto r = parse_message("From: a@x.example\nSubject: una\n  l\xC3\xADnea\n\tdoblada\nX: y\n\n");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->subject, "una  línea doblada");
}

TEST(MailInboundHeaders, BareMessageIdsGetBracketsAndCommentsAreIgnored) {
  auto r = parse_message(
      "From: a@x.example\nMessage-ID: sin.corchetes@x.example\n"
      "In-Reply-To: <id.1@x.example> (mensaje de Juan del lunes)\nReferences: <r.1@x> <r.2@x>\n\n");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->message_id, "<sin.corchetes@x.example>");
  EXPECT_EQ(r->in_reply_to, "<id.1@x.example>");
  EXPECT_EQ(r->references, (std::vector<std::string>{"<r.1@x>", "<r.2@x>"}));
}

// ---------------------------------------------------------------------------------------------
// Malformed input

TEST(MailInboundMalformed, IsReportedAsMailMalformed) {
  const std::vector<std::string> bad = {
      "",
      "\n\ncuerpo sin encabezados",
      "solo texto\nsin encabezados\n\nni nada",
      "From: a@x.example\nSubject: sin linea en blanco",
      "Subject: sin remitente\n\ncuerpo",
      "From: nadie\n\ncuerpo",
      "From: <>\n\ncuerpo",
      " From: a@x.example\n\ncontinuacion sin encabezado",
      std::string("\0\xFF\xFE\x01", 4),
  };
  for (const auto& raw : bad) {
    auto r = parse_message(raw);
    EXPECT_TRUE(FailsWith(r, ErrorKind::kBadRequest, "mail.malformed")) << "input: " << raw;
    if (!r) {
      EXPECT_TRUE(valid_utf8(r.error().message));
    }
  }
}

TEST(MailInboundMalformed, BrokenMimeStillYieldsWhatCanBeRead) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // multipart without a boundary: read as text
      {"From: a@x.example\nContent-Type: multipart/mixed\n\nhola\n", "hola\n"},
      // boundary never closed
      {"From: a@x.example\nContent-Type: multipart/mixed; boundary=z\n\n--z\n\nparte abierta\n", "parte abierta\n"},
      // boundary never opened
      {"From: a@x.example\nContent-Type: multipart/mixed; boundary=z\n\nnada\n", ""},
      // bad base64 and quoted-printable
      {"From: a@x.example\nContent-Transfer-Encoding: base64\n\naG9s!!!YQ==\n", "hola"},
      {"From: a@x.example\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=4\n=C3=B1=\n", "=ZZ=4\nñ"},
      // unknown transfer encoding: taken as it is
      {"From: a@x.example\nContent-Transfer-Encoding: x-uuencode\n\ncrudo\n", "crudo\n"},
      // a part with headers only
      {"From: a@x.example\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n--z--\n", ""},
  };
  for (const auto& [raw, body] : cases) {
    auto r = parse_message(raw);
    ASSERT_TRUE(Succeeded(r)) << raw;
    EXPECT_EQ(r->text_body, body) << raw;
  }
}

TEST(MailInboundMalformed, EveryTruncatedPrefixParsesOrFailsCleanly) {
  for (const char* sample : {kGmailReply, kOutlookReply, kNewOutlookBase64, kAttachments}) {
    std::string raw = crlf(sample);
    for (size_t n = 0; n <= raw.size(); ++n) {
      auto r = parse_message(std::string_view(raw).substr(0, n));
      if (r) {
        EXPECT_TRUE(all_text_valid(*r)) << "prefix " << n;
      } else {
        EXPECT_EQ(r.error().code, "mail.malformed");
      }
    }
  }
}

TEST(MailInboundMalformed, RandomMutationsNeverCrash) {
  std::mt19937 rng(20261123);
  const std::vector<std::string> seeds = {crlf(kGmailReply), crlf(kAttachments), kOutlookReply};
  const std::vector<std::string> inserts = {"\r\n", "\n\n", "=", "=?", "?=", "=?UTF-8?B?", "--mix", "--alt--", "<", ">",
                                            "\"", "(", ";", "*0*=", "'", "%", "\xC3", "\xFF", std::string(1, '\0'),
                                            "Content-Type: multipart/mixed; boundary=mix\r\n"};
  int parsed = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string raw = seeds[iteration % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !raw.empty(); ++e) {
      size_t pos = rng() % raw.size();
      switch (rng() % 4) {
        case 0: raw[pos] = static_cast<char>(rng() % 256); break;
        case 1: raw.erase(pos, 1 + rng() % 40); break;
        case 2: raw.insert(pos, inserts[rng() % inserts.size()]); break;
        case 3: raw.insert(pos, raw.substr(rng() % raw.size(), rng() % 200)); break;
      }
    }
    auto r = parse_message(raw);
    if (r) {
      ++parsed;
      ASSERT_TRUE(all_text_valid(*r)) << "iteration " << iteration;
    } else {
      ASSERT_EQ(r.error().code, "mail.malformed");
    }
  }
  EXPECT_GT(parsed, 1000);  // most mutations keep a readable message
}

// ---------------------------------------------------------------------------------------------
// Replies

TEST(MailReply, CutsAtTheUsualMarkers) {
  struct Case {
    const char* body;
    const char* reply;
  };
  const Case cases[] = {
      {"Listo.\n\n## Escriba su respuesta arriba de esta línea ##\nTexto de la notificación", "Listo."},
      {"Listo.\n> ## Escriba su respuesta arriba de esta línea ##", "Listo."},
      {"Gracias\n\nOn Mon, Nov 23, 2026 at 10:00 AM Help Desk <mesa@x.example> wrote:\n> hola", "Gracias"},
      {"Gracias\n\nOn Mon, Nov 23, 2026 at 10:00 AM Help Desk <\nmesa@x.example> wrote:\n\n> hola", "Gracias"},
      {"Ok\nEl 23 nov 2026, a las 10:00, Mesa de servicio <mesa@x.example> escribió:\n\n> hola", "Ok"},
      {"Ok\n-----Original Message-----\nFrom: x", "Ok"},
      {"Ok  \t\n\n-----Mensaje original-----\nDe: x", "Ok"},
      {"Ok\n\n________________________________\nDe: Mesa <m@x>\nEnviado: lunes\nPara: yo\n", "Ok"},
      {"Ok\n\nFrom: Mesa <m@x>\nSent: Monday, November 23, 2026 10:00 AM\nTo: me\n", "Ok"},
      {"Primera línea\n> cita\nmás texto", "Primera línea"},
      {"Sin cita alguna.\nSegunda línea.   \n\n\n", "Sin cita alguna.\nSegunda línea."},
  };
  for (const auto& c : cases) EXPECT_EQ(extract_reply(c.body), c.reply) << c.body;
}

TEST(MailReply, KeepsTextThatOnlyLooksLikeAMarker) {
  // A quotation before any text of one's own is an interleaved reply: kept whole.
  EXPECT_EQ(extract_reply("> ¿Ya quedó?\nSí, ya quedó."), "> ¿Ya quedó?\nSí, ya quedó.");
  EXPECT_EQ(extract_reply("El lunes llegó el técnico.\nOn time, as promised."),
            "El lunes llegó el técnico.\nOn time, as promised.");
  EXPECT_EQ(extract_reply("El equipo quedó.\nOn Mon, Nov 23 Help Desk wrote:\n> x"), "El equipo quedó.");
  EXPECT_EQ(extract_reply("De: finanzas\nsolicito apoyo"), "De: finanzas\nsolicito apoyo");
  EXPECT_EQ(extract_reply(""), "");
}

// ---------------------------------------------------------------------------------------------
// Ticket numbers

InboundMessage with(std::string subject, std::vector<std::string> to = {}) {
  InboundMessage m;
  m.subject = std::move(subject);
  m.to_addresses = std::move(to);
  return m;
}

TEST(MailTicketNumber, FromTheSubjectTagAnywhereInAnyCase) {
  EXPECT_EQ(ticket_number_from(with("RE: [MS-123] Falla de impresora"), "MS"), 123);
  EXPECT_EQ(ticket_number_from(with("Fwd: RE: Re: [ms-9]"), "MS"), 9);
  EXPECT_EQ(ticket_number_from(with("Sobre [Ms-00042] y otro"), "MS"), 42);
  EXPECT_EQ(ticket_number_from(with("[XX-1] [MS-7]"), "MS"), 7);
  EXPECT_EQ(ticket_number_from(with("[MS-] [MS-abc] [MS-5]"), "MS"), 5);
}

TEST(MailTicketNumber, FromAPlusAddressWhenTheSubjectHasNoTag) {
  EXPECT_EQ(ticket_number_from(with("Re: falla", {"otro@x.example", "mesa+123@oaxaca.example"}), "MS"), 123);
  EXPECT_EQ(ticket_number_from(with("[MS-5] gana el asunto", {"mesa+123@oaxaca.example"}), "MS"), 5);
}

TEST(MailTicketNumber, NothingWhenThereIsNoUsableNumber) {
  EXPECT_EQ(ticket_number_from(with("Falla de impresora MS-123"), "MS"), std::nullopt);
  EXPECT_EQ(ticket_number_from(with("[MS-0]"), "MS"), std::nullopt);
  EXPECT_EQ(ticket_number_from(with("[MS-99999999999999999999]"), "MS"), std::nullopt);
  EXPECT_EQ(ticket_number_from(with("[MS-12"), "MS"), std::nullopt);
  EXPECT_EQ(ticket_number_from(with("[MSX-12]"), "MS"), std::nullopt);
  EXPECT_EQ(ticket_number_from(with("x", {"mesa+abc@x.example", "mesa@x.example", "mesa+@x.example"}), "MS"),
            std::nullopt);
  EXPECT_EQ(ticket_number_from(with("[MS-12]"), ""), std::nullopt);
}

TEST(MailTicketNumber, FromAParsedMessage) {
  auto r = parse_message("From: a@x.example\nTo: Mesa <mesa+314@oaxaca.example>\nSubject: Re: impresora\n\nok\n");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(ticket_number_from(*r, "MS"), 314);
}

}  // namespace
}  // namespace tequio::mail
