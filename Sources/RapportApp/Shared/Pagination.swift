import Plot
import Vapor

/// Long lists come a page at a time: the page asked for, its address with the list's filters, and the links between.
enum Pagination {
    /// The `page` asked for in the address; anything that is not a page number is the first page.
    static func page(of request: Request) -> Int {
        max(1, min((try? request.query.get(String.self, at: "page")).flatMap(Int.init) ?? 1, 100_000))
    }

    static func pageCount(total: Int, pageSize: Int) -> Int { max(1, (total + pageSize - 1) / pageSize) }

    /// `base` with the filters and the page (left out when it is the first).
    static func path(_ base: String, filters: [URLQueryItem], page: Int) -> String {
        let items = filters + (page > 1 ? [URLQueryItem(name: "page", value: String(page))] : [])
        var components = URLComponents()
        components.queryItems = items
        return base + (items.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? ""))
    }

    /// Previous and next, with where this page is, when the list does not fit on one page.
    static func links(of what: String, page: Int, pageCount: Int, path: (Int) -> String) -> Node<HTML.BodyContext> {
        .if(pageCount > 1, .nav(
            .class("pages no-print"), .attribute(named: "aria-label", value: "Pages of \(what)"),
            .if(page > 1, .a(.href(path(min(page - 1, pageCount))), .attribute(named: "rel", value: "prev"), "Previous page")),
            .span(.text("Page \(min(page, pageCount)) of \(pageCount)")),
            .if(page < pageCount, .a(.href(path(page + 1)), .attribute(named: "rel", value: "next"), "Next page"))
        ))
    }
}
