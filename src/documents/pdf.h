// PDF layout shared by every printable document: a page cursor over one cairo PDF surface with
// text laid out by pango (UTF-8, so accents survive), a footer "Página n de N" on every page,
// tables that continue on the next page with their header repeated, and section headings.
//
// Layout is deterministic, so documents are drawn twice: a first pass that discards its output
// counts the pages, and the second, knowing the total, draws the same pages (render_pdf does
// both). Units are PDF points (1/72 in). Not thread-safe per object; separate objects are
// independent. Infrastructure failures (cairo) throw std::runtime_error.
#pragma once
#include <functional>
#include <string>
#include <vector>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;

namespace tequio::documents {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kLetterWidth = 612, kLetterHeight = 792;  // 8.5 × 11 in
constexpr double kA4Width = 595.276, kA4Height = 841.89;   // 210 × 297 mm
// The font every document uses: it has every Spanish glyph and is installed with fontconfig.
constexpr const char* kFont = "DejaVu Sans";

// Page size and margins. margin_bottom includes the room the footer needs; the footer's text
// starts footer_from_bottom above the page's bottom edge.
struct PageSetup {
  double width = kLetterWidth, height = kLetterHeight;
  double margin_left = 50, margin_right = 50, margin_top = 50, margin_bottom = 70;
  double footer_from_bottom = 45;

  static PageSetup letter(bool landscape = false);
  static PageSetup a4(bool landscape = false);
  double content_width() const { return width - margin_left - margin_right; }
};

enum class Align { kLeft, kRight, kCenter };

struct Style {
  double size = 10;
  bool bold = false;
  double gray = 0;  // 0 black … 1 white
};

// A cairo PDF surface whose bytes are appended to *out (dropped when out is null), with the
// document's title and creator set. The caller destroys it.
cairo_surface_t* create_pdf_surface(std::string* out, double width, double height, const std::string& title);

// A page cursor. With `out` null nothing is kept (the counting pass). total_pages 0 prints
// "Página n" without the total.
class Pdf {
 public:
  Pdf(std::string* out, int total_pages, std::string footer, std::string title, PageSetup setup = {});
  ~Pdf();
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;

  const PageSetup& setup() const { return setup_; }
  double left() const { return setup_.margin_left; }
  double content_width() const { return setup_.content_width(); }
  double top() const { return setup_.margin_top; }
  // The lowest y content may reach on a page (the footer lies below).
  double bottom() const { return setup_.height - setup_.margin_bottom; }

  double y() const { return y_; }
  void advance(double dy) { y_ += dy; }
  void set_y(double y) { y_ = y; }
  int pages() const { return page_; }
  cairo_t* cr() { return cr_; }

  // Called at the top of every page after the first (a running header), cursor at top().
  void set_page_header(std::function<void(Pdf&)> draw) { page_header_ = std::move(draw); }

  // Height of `text` wrapped to `width`.
  double measure(const std::string& text, const Style& s, double width);
  // Draws text with its top at (x, y) inside `width`; returns its height.
  double text(const std::string& text, const Style& s, double x, double y, double width, Align a = Align::kLeft);
  // A paragraph at the cursor across the content width.
  void paragraph(const std::string& t, const Style& s, double space_after = 4, Align a = Align::kLeft);
  // A thin horizontal rule across the content width at the cursor.
  void rule(double gray = 0.75, double line_width = 0.5);
  // Starts a new page unless `height` still fits on this one.
  void ensure(double height);
  void new_page();
  // Draws the last footer and closes the surface; throws if cairo failed.
  void finish();

 private:
  void set(const std::string& text, const Style& s, double width, Align a);
  void draw_footer();

  PageSetup setup_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoContext* context_ = nullptr;
  PangoLayout* layout_ = nullptr;
  int page_ = 1;
  int total_ = 0;
  double y_ = 0;
  std::string footer_;
  std::function<void(Pdf&)> page_header_;
};

// Both passes: counts the pages with `draw`, then draws them again into the returned bytes.
std::string render_pdf(const PageSetup& setup, const std::string& footer, const std::string& title,
                       const std::function<void(Pdf&)>& draw);

struct Column {
  std::string title;
  double width;  // points
  Align align = Align::kLeft;
};

// Relative widths scaled to fill `total` points.
std::vector<double> scale_widths(const std::vector<double>& relative, double total);

// A table at the cursor that continues on the next page with its header repeated. With no rows
// the header is followed by `empty_text`. Missing cells in a row are blank.
void table(Pdf& pdf, const std::vector<Column>& cols, const std::vector<std::vector<std::string>>& rows,
           const std::string& empty_text, double font_size = 9);

// A section heading kept on the same page as the first `keep_with_next` points that follow.
void heading(Pdf& pdf, const std::string& text, double keep_with_next = 60);

}  // namespace tequio::documents
