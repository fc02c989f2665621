import Plot

/// The coordinator's students list: filters, one page of the table with login-card boxes, and links to the others.
enum StudentsListView {
    static func body(_ model: StudentsListModel, csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .div(.class("actions no-print"),
                 .a(.class("button"), .href(SiteRoute.newStudent.path), "Add a student"),
                 .a(.class("button secondary"), .href(SiteRoute.rosterImport.path), "Import a roster")),
            filters(model.filter),
            .p(.attribute(named: "role", value: "status"), .text(summary(model))),
            .if(!model.rows.isEmpty, .form(
                .method(.post), .action(SiteRoute.loginCards.path),
                FormField.csrf(csrf),
                table(model.rows),
                .div(.class("actions"),
                     .button(.type(.submit), .name("scope"), .value("chosen"), "Print login cards for the ticked students"),
                     .button(.type(.submit), .class("secondary"), .name("scope"), .value("all"), "Print login cards for all \(model.rows.count) shown")),
                .forEach(model.rows) { .input(.type(.hidden), .name("shown[]"), .value($0.id.uuidString.lowercased())) },
                .p(.class("hint"), "Printing cards gives each student a new one-time code; any older code stops working.")
            )),
            Pagination.links(of: "students", page: model.filter.page, pageCount: model.pageCount) { model.filter.path(page: $0) }
        )
    }

    private static func filters(_ filter: StudentsListModel.Filter) -> Node<HTML.BodyContext> {
        var state = FormState()
        state.values = ["q": filter.query, "year": filter.year.map(String.init) ?? "", "role": filter.role?.rawValue ?? ""]
        return .form(
            .method(.get), .action(SiteRoute.students.path), .class("filters"), .attribute(named: "role", value: "search"),
            FormField.text("q", label: "Search by name or username", state: state, type: .search, maxLength: 100),
            FormField.select("year", label: "Year group", state: state,
                             options: [("", "All years")] + StudentController.yearGroups.map { (String($0), "Year \($0)") }),
            FormField.select("role", label: "Mentor or mentee", state: state,
                             options: [("", "Everyone"), ("mentor", "Mentors"), ("mentee", "Mentees")]),
            .button(.type(.submit), "Show")
        )
    }

    /// "30 students." on one page; "Students 101 to 200 of 2,000." when there are more.
    static func summary(_ model: StudentsListModel) -> String {
        let count = model.total == 1 ? "1 student." : "\(model.total.formatted()) students."
        guard model.pageCount > 1 else { return count }
        guard !model.rows.isEmpty else { return "No students on page \(model.filter.page): there are \(model.pageCount) pages." }
        return "Students \(model.firstShown.formatted()) to \((model.firstShown + model.rows.count - 1).formatted()) of \(model.total.formatted())."
    }

    private static func table(_ rows: [StudentsListModel.Row]) -> Node<HTML.FormContext> {
        let header = { (title: String) -> Node<HTML.TableRowContext> in .th(.attribute(named: "scope", value: "col"), .text(title)) }
        return .div(.class("table-wrap"), .table(
            .class("stack"),
            .caption(.class("print-only"), "Students"),
            .thead(.tr(header("Card"), header("Name"), header("Year"), header("Role"), header("Username"), header("Profile"))),
            .tbody(.forEach(rows, row))
        ))
    }

    private static func row(_ student: StudentsListModel.Row) -> Node<HTML.TableContext> {
        let id = student.id.uuidString.lowercased()
        let cell = { (label: String, content: Node<HTML.BodyContext>) -> Node<HTML.TableRowContext> in
            .td(.attribute(named: "data-label", value: label), content)
        }
        return .tr(
            cell("Card", .input(.type(.checkbox), .name("ids[]"), .value(id), .id("card-\(id)"),
                                .attribute(named: "aria-label", value: "Login card for \(student.fullName)"))),
            cell("Name", .a(.href(SiteRoute.student(student.id).path), .text(student.fullName))),
            cell("Year", .text(student.yearGroup.map { "Year \($0)" } ?? "")),
            cell("Role", .text(student.role.title + (student.role == .mentor ? " (up to \(student.capacity ?? 1))" : ""))),
            cell("Username", .text(student.username)),
            cell("Profile", .text(student.profileStarted ? "Started" : "Not started"))
        )
    }
}
