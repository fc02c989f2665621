import Plot

/// The coordinator's Matches page: a filter by state, what needs a check-in, and one page of pairs.
enum MatchesListView {
    static func body(_ model: MatchesListModel) -> Node<HTML.BodyContext> {
        var filterState = FormState()
        filterState.values["state"] = model.filter.state?.rawValue ?? ""
        return .group(
            .form(.method(.get), .action(SiteRoute.matches.path), .class("filters"),
                  FormField.select("state", label: "Show", state: filterState,
                                   options: [("", "Every match")] + MatchState.allCases.filter { $0 != .proposed }.map { ($0.rawValue, $0.title) }),
                  .button(.type(.submit), "Show")),
            .p(.attribute(named: "role", value: "status"), .text(summary(model)),
               .if(model.flaggedPairs > 0, .group(.text(" "), .a(.href(SiteRoute.checkIns.path), "See who needs a check-in")))),
            .div(.class("table-wrap"), .table(
                .class("stack"),
                .thead(.tr(.th("Mentee"), .th("Mentor"), .th("State"), .th("Check in?"), .th("Programme"), .th("Score"))),
                .tbody(.forEach(model.matches) { row($0, flags: model.flags[$0.id]) })
            )),
            Pagination.links(of: "matches", page: model.filter.page, pageCount: model.pageCount, path: model.filter.path)
        )
    }

    /// "12 matches. 2 pairs may need a check-in."; with the rows shown when there is more than one page.
    static func summary(_ model: MatchesListModel) -> String {
        let count = model.total == 1 ? "1 match." : "\(model.total.formatted()) matches."
        let shown = model.pageCount == 1 || model.matches.isEmpty ? count
            : "Matches \(model.firstShown.formatted()) to \((model.firstShown + model.matches.count - 1).formatted()) of \(model.total.formatted())."
        let flagged = model.flaggedPairs
        return shown + (flagged == 0 ? "" : flagged == 1 ? " 1 pair may need a check-in." : " \(flagged) pairs may need a check-in.")
    }

    private static func row(_ match: MatchesListModel.Row, flags: MatchFlags?) -> Node<HTML.TableContext> {
        let cell = { (label: String, content: Node<HTML.BodyContext>) -> Node<HTML.TableRowContext> in
            .td(.attribute(named: "data-label", value: label), content)
        }
        return .tr(
            cell("Mentee", .a(.href(SiteRoute.matchDetail(match.id).path), .text(match.mentee))),
            cell("Mentor", .text(match.mentor)),
            cell("State", .text(match.state.title)),
            cell("Check in?", .text(flags?.sentences.joined(separator: " ") ?? "")),
            cell("Programme", .text(match.programme)),
            cell("Score", .text(String(match.score)))
        )
    }
}
