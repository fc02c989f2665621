import Foundation
import Testing
@testable import RapportApp

@Suite("iCalendar")
struct ICalendarTests {
    static let stamp = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
    static let starts = Date(timeIntervalSince1970: 1_800_543_600)  // 2027-01-21 15:00:00 UTC
    static let ends = Date(timeIntervalSince1970: 1_800_546_300)  // 2027-01-21 15:45:00 UTC
    static let modified = Date(timeIntervalSince1970: 1_799_996_400)  // 2027-01-15 07:00:00 UTC

    static func meeting(uid: String = "meeting-7@rapport", summary: String = "Mentoring: Amira and Ben",
                        location: String? = nil, description: String? = nil, status: CalendarEvent.Status = .confirmed,
                        sequence: Int = 0, url: String? = nil) -> CalendarEvent {
        CalendarEvent(uid: uid, starts: starts, ends: ends, summary: summary, location: location, description: description,
                      status: status, sequence: sequence, lastModified: modified, url: url)
    }

    /// The whole feed for one meeting, byte for byte.
    @Test func documentLayout() {
        let event = Self.meeting(location: "Library, room 2", url: "https://rapport.example/meetings/7?a=1,2")
        let text = ICalendar.document(name: "Rapport: Amira", events: [event], stamp: Self.stamp)
        #expect(text == [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Rapport//Peer mentoring//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Rapport: Amira",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
            "BEGIN:VEVENT",
            "UID:meeting-7@rapport",
            "DTSTAMP:20270115T080000Z",
            "DTSTART:20270121T150000Z",
            "DTEND:20270121T154500Z",
            "SUMMARY:Mentoring: Amira and Ben",
            "LOCATION:Library\\, room 2",
            "URL:https://rapport.example/meetings/7?a=1,2",
            "STATUS:CONFIRMED",
            "SEQUENCE:0",
            "LAST-MODIFIED:20270115T070000Z",
            "END:VEVENT",
            "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined())
        let calendar = ICSReader.contentLines(text)
        #expect(calendar.first == ICSLine(name: "BEGIN", parameters: [], value: "VCALENDAR"))
        #expect(calendar.last == ICSLine(name: "END", parameters: [], value: "VCALENDAR"))
        #expect(calendar.contains(ICSLine(name: "VERSION", parameters: [], value: "2.0")))
        #expect(calendar.contains(ICSLine(name: "REFRESH-INTERVAL", parameters: ["VALUE=DURATION"], value: "PT1H")))
    }

    @Test func escapingRoundTripsAwkwardText() {
        let summary = #"Maths, physics; and C:\temp\notes"# + "\r\nroom 4\rbring laptop\nthanks"
        let text = ICalendar.document(name: "a,b;c", events: [Self.meeting(summary: summary)], stamp: Self.stamp)
        let lines = ICSReader.contentLines(text)
        #expect(ICSReader.value("SUMMARY", in: lines) == #"Maths\, physics\; and C:\\temp\\notes\nroom 4\nbring laptop\nthanks"#)
        #expect(ICSReader.text("SUMMARY", in: lines) == #"Maths, physics; and C:\temp\notes"# + "\nroom 4\nbring laptop\nthanks")
        #expect(ICSReader.text("X-WR-CALNAME", in: lines) == "a,b;c")
    }

    /// Long multi-byte text: every physical line fits in 75 octets, ends with CRLF, holds only whole
    /// characters, and unfolding gives back exactly what went in.
    @Test func foldingKeepsCharactersWhole() {
        let description = String(repeating: "Café crème, é\u{301}tude 👩🏽‍💻 🇬🇧 ünïcødé — ", count: 12) + "fin"
        let location = "Salle é" + String(repeating: "😀", count: 40)
        let text = ICalendar.document(name: "Rapport", events: [Self.meeting(location: location, description: description)], stamp: Self.stamp)

        #expect(text.utf8.suffix(2).elementsEqual([13, 10]))
        let physical = ICSReader.physicalLines(text)
        #expect(physical.filter { $0.first == 32 }.count > 10, "the long values were folded")
        for line in physical {
            #expect(line.count <= 75, "\(line.count) octets: \(String(decoding: line, as: UTF8.self))")
            #expect(!line.contains(13) && !line.contains(10), "a stray CR or LF")
            #expect(Array(String(decoding: line, as: UTF8.self).utf8) == line, "a UTF-8 sequence was cut")
        }

        let lines = ICSReader.contentLines(text)
        #expect(ICSReader.text("DESCRIPTION", in: lines) == description)
        #expect(ICSReader.text("LOCATION", in: lines) == location)
        // Read line by line, the pieces are the original's characters: no é, é or 👩🏽‍💻 was split.
        let pieces = ICSReader.pieces(of: "DESCRIPTION", in: text)
        #expect(pieces.count > 3)
        #expect(pieces.flatMap { Array($0) } == Array(ICalendar.escape(description)))
    }

    /// The 75-octet limit counts octets: 75 stay on one line, 76 fold, and a 2-octet é that would
    /// straddle the limit moves whole to the next line.
    @Test func foldsAtSeventyFiveOctets() {
        let a66 = String(repeating: "a", count: 66)
        #expect(ICalendar.fold("SUMMARY:" + a66 + "b") == "SUMMARY:" + a66 + "b\r\n")
        #expect(ICalendar.fold("SUMMARY:" + a66 + "bc") == "SUMMARY:" + a66 + "b\r\n c\r\n")
        #expect(ICalendar.fold("SUMMARY:" + a66 + "é") == "SUMMARY:" + a66 + "\r\n é\r\n")
        let long = String(repeating: "x", count: 200)
        #expect(ICalendar.fold(long) == String(repeating: "x", count: 75) + "\r\n " + String(repeating: "x", count: 74)
                + "\r\n " + String(repeating: "x", count: 51) + "\r\n")
    }

    @Test func datesRoundTrip() throws {
        let lines = ICSReader.contentLines(ICalendar.document(name: "Rapport", events: [Self.meeting()], stamp: Self.stamp))
        #expect(try ICSReader.date("DTSTAMP", in: lines) == Self.stamp)
        #expect(try ICSReader.date("DTSTART", in: lines) == Self.starts)
        #expect(try ICSReader.date("DTEND", in: lines) == Self.ends)
        #expect(try ICSReader.date("LAST-MODIFIED", in: lines) == Self.modified)
    }

    @Test func twoEventsGiveTwoVEvents() {
        let events = [Self.meeting(uid: "first@rapport"), Self.meeting(uid: "second@rapport", summary: "Review")]
        let parsed = ICSReader.events(ICSReader.contentLines(ICalendar.document(name: "Rapport", events: events, stamp: Self.stamp)))
        #expect(parsed.count == 2)
        #expect(parsed.map { ICSReader.text("UID", in: $0) } == ["first@rapport", "second@rapport"])
        #expect(parsed.map { ICSReader.text("SUMMARY", in: $0) } == ["Mentoring: Amira and Ben", "Review"])
        #expect(parsed.allSatisfy { ICSReader.value("LOCATION", in: $0) == nil && ICSReader.value("URL", in: $0) == nil })
    }

    @Test func cancelledEventSaysSo() {
        let events = [Self.meeting(status: .cancelled, sequence: 3), Self.meeting(status: .tentative)]
        let parsed = ICSReader.events(ICSReader.contentLines(ICalendar.document(name: "Rapport", events: events, stamp: Self.stamp)))
        #expect(parsed.map { ICSReader.value("STATUS", in: $0) } == ["CANCELLED", "TENTATIVE"])
        #expect(parsed.map { ICSReader.value("SEQUENCE", in: $0) } == ["3", "0"])
    }
}

/// One unfolded content line, `name;param;param:value`, with the value still escaped.
private struct ICSLine: Equatable {
    var name: String
    var parameters: [String]
    var value: String
}

/// Just enough of an RFC 5545 reader to check the writer from the outside.
private enum ICSReader {
    /// Physical lines as octets, split at CRLF and without it.
    static func physicalLines(_ text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = [], current: [UInt8] = [], index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        return current.isEmpty ? lines : lines + [current]
    }

    /// RFC 5545 3.1: a CRLF followed by a space or tab is removed.
    static func unfold(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var kept: [UInt8] = [], index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 2 < bytes.count, bytes[index + 1] == 10, [32, 9].contains(bytes[index + 2]) {
                index += 3
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    static func contentLines(_ text: String) -> [ICSLine] {
        physicalLines(unfold(text)).map { bytes in
            let line = String(decoding: bytes, as: UTF8.self)
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            let head = line[..<colon].split(separator: ";").map(String.init)
            let value = colon < line.endIndex ? String(line[line.index(after: colon)...]) : ""
            return ICSLine(name: head.first?.uppercased() ?? "", parameters: Array(head.dropFirst()), value: value)
        }
    }

    /// RFC 5545 3.3.11, backwards.
    static func unescape(_ value: String) -> String {
        var text = "", escaping = false
        for character in value {
            if escaping {
                text.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                text.append(character)
            }
        }
        return text
    }

    static func value(_ name: String, in lines: [ICSLine]) -> String? { lines.first { $0.name == name }?.value }
    static func text(_ name: String, in lines: [ICSLine]) -> String? { value(name, in: lines).map(unescape) }

    static func date(_ name: String, in lines: [ICSLine]) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return try #require(value(name, in: lines).flatMap(formatter.date(from:)))
    }

    /// The VEVENT blocks, in order.
    static func events(_ lines: [ICSLine]) -> [[ICSLine]] {
        var events: [[ICSLine]] = [], current: [ICSLine]?
        for line in lines {
            if line == ICSLine(name: "BEGIN", parameters: [], value: "VEVENT") {
                current = []
            } else if line == ICSLine(name: "END", parameters: [], value: "VEVENT"), let event = current {
                events.append(event)
                current = nil
            } else {
                current?.append(line)
            }
        }
        return events
    }

    /// One property's value as it sits on its physical lines (escaped, name and fold spaces removed),
    /// each piece decoded on its own.
    static func pieces(of name: String, in text: String) -> [String] {
        let lines = physicalLines(text).map { String(decoding: $0, as: UTF8.self) }
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) else { return [] }
        let rest = lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.map { String($0.dropFirst()) }
        return [String(lines[start].dropFirst(name.count + 1))] + rest
    }
}
