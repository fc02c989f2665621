import Foundation

/// One meeting as a calendar app should see it. `sequence` and `lastModified` let a subscribed
/// calendar tell that a meeting moved or was called off, instead of keeping its stale copy.
struct CalendarEvent: Sendable {
    /// Whether the meeting is going ahead; calendar apps show the other two differently.
    enum Status: String, Sendable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    var uid: String
    var starts: Date
    var ends: Date
    var summary: String
    var location: String?
    var description: String?
    var status: Status
    var sequence: Int
    var lastModified: Date
    var url: String?
}

/// Writes meetings as an iCalendar (RFC 5545) feed that people subscribe to from their own calendar app.
enum ICalendar {
    /// The whole feed. `stamp` (DTSTAMP) is when it was generated; it is passed in so output is reproducible.
    static func document(name: String, events: [CalendarEvent], stamp: Date) -> String {
        let time = utcFormatter()
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Rapport//Peer mentoring//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
            // Ask subscribers to poll hourly, so moved and cancelled meetings reach them the same day.
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape(event.uid),
                "DTSTAMP:" + time.string(from: stamp),
                "DTSTART:" + time.string(from: event.starts),
                "DTEND:" + time.string(from: event.ends),
                "SUMMARY:" + escape(event.summary),
            ]
            if let location = event.location { lines.append("LOCATION:" + escape(location)) }
            if let description = event.description { lines.append("DESCRIPTION:" + escape(description)) }
            // A URL is a URI, not TEXT, so it is not escaped; a stray line break would end the property, so drop it.
            if let url = event.url { lines.append("URL:" + url.filter { !$0.isNewline }) }
            lines += [
                "STATUS:" + event.status.rawValue,
                "SEQUENCE:\(event.sequence)",
                "LAST-MODIFIED:" + time.string(from: event.lastModified),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    /// RFC 5545 3.3.11: backslash, semicolon and comma are escaped, and every kind of line break
    /// (CRLF, CR or LF) becomes the two characters `\n`, since a raw break would end the content line.
    static func escape(_ text: String) -> String {
        var escaped = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\", ";", ",": escaped += "\\" + String(scalar)
            case "\r": escaped += "\\n"
            case "\n": if !afterCR { escaped += "\\n" }
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// RFC 5545 3.1: a content line longer than 75 octets continues on the next line after CRLF and a space.
    /// Octets are counted, not characters, and breaks fall only between whole characters, so no UTF-8
    /// sequence is cut and an accented letter or emoji arrives intact even in readers that unfold carelessly.
    /// A single character too long for any line (a freak cluster of combining marks) is broken between scalars.
    static func fold(_ line: String) -> String {
        var folded = ""
        var octets = 0
        for character in line {
            let size = character.utf8.count
            let pieces = size <= 74 ? [String(character)] : character.unicodeScalars.map { String($0) }
            for piece in pieces {
                if octets + piece.utf8.count > 75 {
                    folded += "\r\n "
                    octets = 1
                }
                folded += piece
                octets += piece.utf8.count
            }
        }
        return folded + "\r\n"
    }

    /// UTC times need no VTIMEZONE blocks. The Gregorian calendar and POSIX locale keep the reader's
    /// settings (a Buddhist calendar, Arabic-Indic digits) out of the digits.
    private static func utcFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }
}
