import Fluent
import Foundation
import SQLKit
import Vapor

/// The school day for counting how long a concern has waited: Monday to Friday, from the first bell to the last.
struct SchoolHours: Sendable {
    let opensMinute: Int
    let closesMinute: Int
    let calendar: Calendar

    init(bells: BellTimes, calendar: Calendar) {
        opensMinute = bells.bells.values.map(\.start).min() ?? 9 * 60
        closesMinute = bells.bells.values.map(\.end).max() ?? 15 * 60
        self.calendar = calendar
    }

    /// The moment `minutes` of school time have passed since `start`: time outside the school day does not count.
    func adding(minutes: Int, to start: Date) -> Date {
        var remaining = TimeInterval(minutes * 60)
        var cursor = start
        for _ in 0..<400 {
            let day = calendar.startOfDay(for: cursor)
            let next = calendar.date(byAdding: .day, value: 1, to: day)!
            let weekday = calendar.component(.weekday, from: day)
            guard weekday != 1 && weekday != 7,
                  let opens = calendar.date(bySettingHour: opensMinute / 60, minute: opensMinute % 60, second: 0, of: day),
                  let closes = calendar.date(bySettingHour: closesMinute / 60, minute: closesMinute % 60, second: 0, of: day) else {
                cursor = next
                continue
            }
            if cursor < opens { cursor = opens }
            if cursor >= closes {
                cursor = next
                continue
            }
            let available = closes.timeIntervalSince(cursor)
            if remaining <= available { return cursor.addingTimeInterval(remaining) }
            remaining -= available
            cursor = next
        }
        return cursor
    }
}

/// A concern nobody has acknowledged within the set time (counted in school hours) is shown as overdue and escalates,
/// once: its alert goes to the school's deputy leads and again to its designated leads.
enum Escalation {
    static func escalateOverdue(_ app: Application) async throws {
        let configuration = app.rapport
        let now = app.dependencies.now
        let waiting = try await Concern.query(on: app.db).filter(\.$acknowledgedAt == nil).filter(\.$escalatedAt == nil)
            .filter(\.$closedAt == nil).all()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        var hoursBySchool: [UUID: SchoolHours] = [:]
        for concern in waiting {
            let schoolID = concern.$school.id
            if hoursBySchool[schoolID] == nil {
                hoursBySchool[schoolID] = SchoolHours(bells: try await BellTimes.of(schoolID: schoolID, on: app.db), calendar: calendar)
            }
            let hours = hoursBySchool[schoolID]!
            guard now >= hours.adding(minutes: configuration.concernAcknowledgeMinutes, to: concern.raisedAt) else { continue }
            try await app.db.transaction { database in
                // Only the server whose update changes the row sends the second alert.
                guard let sql = database as? any SQLDatabase else { return }
                let claimed = try await sql.update(Concern.schema).set("escalated_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(try concern.requireID())).where("escalated_at", .is, SQLLiteral.null)
                    .where("acknowledged_at", .is, SQLLiteral.null)
                    .returning("id").all()
                guard claimed.count == 1 else { return }
                concern.escalatedAt = now
                let leads = try await WorryController.leads(of: concern.$school.id, on: database,
                                                            orAdminsOf: try await School.find(concern.$school.id, on: database)?.$organisation.id)
                try await SafeguardingAlerts.alert(
                    about: concern, to: leads, text: "A concern has waited \(configuration.concernAcknowledgeMinutes) minutes of the school day without being acknowledged. Open it now.",
                    subject: "Rapport: a concern is waiting (overdue)",
                    body: SafeguardingAlerts.emailBody("A concern in Rapport has not been acknowledged in time. Open it now.",
                                                       concern: concern, configuration: configuration),
                    now: now, on: database)
                try await app.audit.record("escalated concern", subject: "concern \(try concern.requireID())", by: nil,
                                           schoolID: concern.$school.id, on: database)
            }
        }
    }
}

/// The work `rapport serve` does in the background: escalation, reminders into the outbox, then delivery of the
/// outbox. One server at a time runs it, holding a lease row; another takes over when the lease runs out.
enum SafeguardingJobs {
    static let interval: Duration = .seconds(30)
    static let leaseLength: TimeInterval = 120
    /// Reminders are looked for every tenth pass (five minutes): none is that urgent, and each look reads every live pair.
    static let reminderEvery = 10

    static func runOnce(_ app: Application, holder: String, reminders: Bool = true) async throws {
        guard try await JobLease.take("safeguarding", holder: holder, now: app.dependencies.now, length: leaseLength, on: app.db) else { return }
        try await Escalation.escalateOverdue(app)
        try await OutboxDelivery.deliverDue(app)
        // Reminders come after the alerts are out; a failure here must not hold up the next alert.
        guard reminders else { return }
        do {
            try await ReminderMail.queueDue(app)
        } catch {
            app.logger.report(error: error)
        }
    }

    static func run(_ app: Application) async {
        let holder = "\(ProcessInfo.processInfo.hostName) \(ProcessInfo.processInfo.processIdentifier) \(UUID().uuidString.prefix(8))"
        var pass = 0
        while !Task.isCancelled {
            defer { pass += 1 }
            do {
                try await runOnce(app, holder: holder, reminders: pass % reminderEvery == 0)
            } catch {
                app.logger.report(error: error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
