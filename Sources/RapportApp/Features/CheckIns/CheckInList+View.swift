import Foundation
import Plot

/// Draws `CheckInListModel`: a card a pair, its reasons, when someone last checked in, and what to do next.
enum CheckInListView {
    static func body(_ model: CheckInListModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        .group(
            .p(.class("lead"), .text(model.neededTotal == 0
                ? "No pair needs a check-in today."
                : "\(model.neededTotal == 1 ? "1 pair" : "\(model.neededTotal.formatted()) pairs") may need a check-in, most urgent first.")),
            .p(.class("hint"), .text("Each is a prompt to talk with the pair, never a verdict: nothing about a match changes unless you change it.")),
            .forEach(model.needed) { card($0, time: time) },
            Pagination.links(of: "pairs that may need a check-in", page: model.page, pageCount: model.pageCount) {
                Pagination.path(SiteRoute.checkIns.path, filters: [], page: $0)
            },
            .if(!model.contactsDue.isEmpty, .group(
                .h2("Contacts due this week"),
                .p(.class("hint"), .text("Nothing is flagged for these pairs; their next coordinator contact falls due soon.")),
                .ul(.class("plain"), .forEach(model.contactsDue) { item in
                    .li(.a(.href(SiteRoute.matchCheckIns(item.pair.matchID).path + "#record"), .text("\(item.pair.mentee) and \(item.pair.mentor)")),
                        .text(": due \(time.dateText(item.due)). \(lastText(item.pair.lastCheckIn, time: time))"))
                }),
                more(model.contactsDueTotal - model.contactsDue.count)
            )),
            .if(!model.mentorsDue.isEmpty, .group(
                .h2("Mentors to contact this week"),
                .p(.class("hint"), .text("Each mentor has their own coordinator contact, about how mentoring is going for them. "
                    + "Record it on any of their pairs, choosing the mentor or both.")),
                .ul(.class("plain"), .forEach(model.mentorsDue) { item in
                    .li(.a(.href(SiteRoute.matchCheckIns(item.matchID).path + "#record"), .text(item.mentor)),
                        .text(": due \(time.dateText(item.due))."))
                }),
                more(model.mentorsDueTotal - model.mentorsDue.count)
            )),
            .if(!model.snoozed.isEmpty, .group(
                .h2("Snoozed"),
                .p(.class("hint"), .text("Back on the list on the date shown, or sooner if you put them back.")),
                .forEach(model.snoozed) { card($0, time: time) },
                more(model.snoozedTotal - model.snoozed.count)
            ))
        )
    }

    private static func more(_ count: Int) -> Node<HTML.BodyContext> {
        .if(count > 0, .p(.class("hint"), .text("And \(count.formatted()) more, listed once these are done.")))
    }

    private static func card(_ pair: CheckInListModel.Pair, time: SchoolTime) -> Node<HTML.BodyContext> {
        .div(
            .class("card flagged"),
            .h3(.a(.href(SiteRoute.matchDetail(pair.matchID).path), .text("\(pair.mentee) and \(pair.mentor)"))),
            .ul(.forEach(pair.flags.sentences) { .li(.text($0)) }),
            .p(.class("hint"), .text(lastText(pair.lastCheckIn, time: time)
                + (pair.snoozedUntil.map { " Snoozed until \(time.dateText($0))." } ?? ""))),
            .p(.a(.class("button"), .href(SiteRoute.matchCheckIns(pair.matchID).path + "#record"),
                  .text(pair.snoozedUntil == nil ? "Record a check-in or snooze" : "Record a check-in or put back")))
        )
    }

    static func lastText(_ last: CheckInListModel.LastCheckIn?, time: SchoolTime) -> String {
        guard let last else { return "No check-in recorded yet." }
        return "Last check-in \(time.dateText(last.on)): \(last.withWhom.title.lowercased()), \(last.how.title.lowercased())."
    }
}
