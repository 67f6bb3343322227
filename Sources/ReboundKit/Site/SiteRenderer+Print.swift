/// The printable workbook.
extension SiteRenderer {
    func printPage() -> OutputFile {
        page("print", route: Routes.print, title: "Printable workbook", [
            "entries": workbook.entries.map(card),
            "chapters": workbook.pages.map { ["title": $0.title, "body": $0.body.html] as Context },
        ])
    }
}
