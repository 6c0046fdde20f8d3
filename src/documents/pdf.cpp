#include "documents/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace tequio::documents {

namespace {

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

}  // namespace

PageSetup PageSetup::letter(bool landscape) {
  PageSetup s;
  s.width = landscape ? kLetterHeight : kLetterWidth;
  s.height = landscape ? kLetterWidth : kLetterHeight;
  return s;
}

PageSetup PageSetup::a4(bool landscape) {
  PageSetup s;
  s.width = landscape ? kA4Height : kA4Width;
  s.height = landscape ? kA4Width : kA4Height;
  return s;
}

cairo_surface_t* create_pdf_surface(std::string* out, double width, double height, const std::string& title) {
  cairo_surface_t* surface = out ? cairo_pdf_surface_create_for_stream(append_to_string, out, width, height)
                                 : cairo_pdf_surface_create_for_stream(discard, nullptr, width, height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tequio");
  return surface;
}

Pdf::Pdf(std::string* out, int total_pages, std::string footer, std::string title, PageSetup setup)
    : setup_(setup), total_(total_pages), y_(setup.margin_top), footer_(std::move(footer)) {
  surface_ = create_pdf_surface(out, setup_.width, setup_.height, title);
  cr_ = cairo_create(surface_);
  context_ = pango_cairo_create_context(cr_);
  pango_cairo_context_set_resolution(context_, 72);  // font sizes in points, like the page
  layout_ = pango_layout_new(context_);
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
}

Pdf::~Pdf() {
  g_object_unref(layout_);
  g_object_unref(context_);
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

double Pdf::measure(const std::string& text, const Style& s, double width) {
  set(text, s, width, Align::kLeft);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

double Pdf::text(const std::string& text, const Style& s, double x, double y, double width, Align a) {
  set(text, s, width, a);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  cairo_set_source_rgb(cr_, s.gray, s.gray, s.gray);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout_);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Pdf::paragraph(const std::string& t, const Style& s, double space_after, Align a) {
  ensure(measure(t, s, content_width()));
  y_ += text(t, s, left(), y_, content_width(), a) + space_after;
}

void Pdf::rule(double gray, double line_width) {
  cairo_set_source_rgb(cr_, gray, gray, gray);
  cairo_set_line_width(cr_, line_width);
  cairo_move_to(cr_, left(), y_);
  cairo_line_to(cr_, left() + content_width(), y_);
  cairo_stroke(cr_);
}

void Pdf::ensure(double height) {
  if (y_ + height > bottom() && y_ > top()) new_page();
}

void Pdf::new_page() {
  draw_footer();
  cairo_show_page(cr_);
  ++page_;
  y_ = top();
  if (page_header_) page_header_(*this);
}

void Pdf::finish() {
  draw_footer();
  cairo_surface_finish(surface_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("no se pudo generar el PDF: ") + cairo_status_to_string(cairo_surface_status(surface_)));
}

void Pdf::set(const std::string& text, const Style& s, double width, Align a) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFont);
  pango_font_description_set_absolute_size(font, s.size * PANGO_SCALE);
  pango_font_description_set_weight(font, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout_, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_alignment(layout_, a == Align::kRight    ? PANGO_ALIGN_RIGHT
                                      : a == Align::kCenter ? PANGO_ALIGN_CENTER
                                                            : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout_, text.c_str(), static_cast<int>(text.size()));
}

void Pdf::draw_footer() {
  Style s{8, false, 0.35};
  double y = setup_.height - setup_.footer_from_bottom;
  cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
  cairo_set_line_width(cr_, 0.5);
  cairo_move_to(cr_, left(), y - 6);
  cairo_line_to(cr_, left() + content_width(), y - 6);
  cairo_stroke(cr_);
  text(footer_, s, left(), y, content_width() * 0.8);
  std::string page = "Página " + std::to_string(page_) + (total_ > 0 ? " de " + std::to_string(total_) : "");
  text(page, s, left(), y, content_width(), Align::kRight);
}

std::string render_pdf(const PageSetup& setup, const std::string& footer, const std::string& title,
                       const std::function<void(Pdf&)>& draw) {
  int pages = 0;
  {
    Pdf dry(nullptr, 0, footer, title, setup);
    draw(dry);
    dry.finish();
    pages = dry.pages();
  }
  std::string out;
  Pdf pdf(&out, pages, footer, title, setup);
  draw(pdf);
  pdf.finish();
  return out;
}

std::vector<double> scale_widths(const std::vector<double>& relative, double total) {
  double sum = std::accumulate(relative.begin(), relative.end(), 0.0);
  std::vector<double> out;
  for (double w : relative)
    out.push_back(sum > 0 ? total * std::max(w, 0.0) / sum : total / static_cast<double>(relative.size()));
  return out;
}

void table(Pdf& pdf, const std::vector<Column>& cols, const std::vector<std::vector<std::string>>& rows,
           const std::string& empty_text, double font_size) {
  const double pad = 3;
  const std::string blank;
  Style head{font_size, true}, body{font_size, false};
  double width = 0;
  for (auto& c : cols) width += c.width;
  auto cell = [&](const std::vector<std::string>& cells, size_t i) -> const std::string& {
    return i < cells.size() ? cells[i] : blank;
  };
  auto row_height = [&](const std::vector<std::string>& cells, const Style& s) {
    double h = 0;
    for (size_t i = 0; i < cols.size(); ++i) h = std::max(h, pdf.measure(cell(cells, i), s, cols[i].width - 2 * pad));
    return h + 2 * pad;
  };
  std::vector<std::string> titles;
  for (auto& c : cols) titles.push_back(c.title);
  auto draw_row = [&](const std::vector<std::string>& cells, const Style& s, bool header, bool shaded) {
    double h = row_height(cells, s);
    double x = pdf.left(), y = pdf.y();
    cairo_t* cr = pdf.cr();
    if (header || shaded) {
      double g = header ? 0.86 : 0.96;
      cairo_set_source_rgb(cr, g, g, g);
      cairo_rectangle(cr, pdf.left(), y, width, h);
      cairo_fill(cr);
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      pdf.text(cell(cells, i), s, x + pad, y + pad, cols[i].width - 2 * pad, cols[i].align);
      x += cols[i].width;
    }
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, pdf.left(), y + h);
    cairo_line_to(cr, pdf.left() + width, y + h);
    cairo_stroke(cr);
    pdf.advance(h);
  };
  double head_h = row_height(titles, head);
  if (rows.empty()) {
    pdf.ensure(head_h + 20);
    draw_row(titles, head, true, false);
    pdf.advance(4);
    pdf.paragraph(empty_text, Style{font_size, false, 0.4});
    return;
  }
  pdf.ensure(head_h + row_height(rows.front(), body));
  draw_row(titles, head, true, false);
  for (size_t r = 0; r < rows.size(); ++r) {
    double h = row_height(rows[r], body);
    if (pdf.y() + h > pdf.bottom()) {
      pdf.new_page();
      draw_row(titles, head, true, false);
    }
    draw_row(rows[r], body, false, r % 2 == 1);
  }
  pdf.advance(10);
}

void heading(Pdf& pdf, const std::string& text, double keep_with_next) {
  Style s{12.5, true, 0.1};
  pdf.ensure(pdf.measure(text, s, pdf.content_width()) + keep_with_next);
  pdf.advance(6);
  pdf.paragraph(text, s, 6);
}

}  // namespace tequio::documents
