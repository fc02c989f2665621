import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Roster import")
struct RosterTests {
    static let template = """
        student_id,given_name,family_name,username,year_group,designation,capacity,gender,email
        S1,Amara,Okafor,amara.okafor,11,mentor,2,girl,
        S2,Leo,Walsh,leo.walsh,8,mentee,,boy,
        S3,"Sam, Jr",Rahman,sam.rahman,9,mentee,,,sam@example.org

        """

    static let oneRoster = """
        sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
        u1,active,2026-09-01T00:00:00Z,true,OAK,student,kai.reid,,Kai,Reid,,,,,,,07,
        u2,active,2026-09-01T00:00:00Z,true,OAK,teacher,t.smith,,Tina,Smith,,,,,,,,
        u3,tobedeleted,2026-09-01T00:00:00Z,true,"OAK,ELM",student,ola.ade,,Ola,Ade,,,,,,,"09,10",

        """

    private func importFile(_ browser: TestBrowser, _ text: String, name: String = "roster.csv") async throws -> TestingHTTPResponse {
        try await browser.get("/roster/import")
        return try await browser.upload("/roster/import", field: "roster", filename: name, data: Data(text.utf8))
    }

    @Test func theTemplateImportsAndReimportingChangesNothing() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let first = try await importFile(browser, Self.template)
            #expect(first.status == .ok)
            #expect(first.body.string.contains("3 added, 0 updated, 0 marked as left, 0 unchanged"))
            let amara = try #require(try await Person.query(on: app.db).filter(\.$username == "amara.okafor").first())
            #expect(amara.role == .mentor && amara.capacity == 2 && amara.$school.id == world.school.id && amara.sourceID == "S1")
            #expect(try await Person.query(on: app.db).filter(\.$username == "sam.rahman").first()?.givenName == "Sam, Jr")

            let again = try await importFile(browser, Self.template)
            #expect(again.body.string.contains("0 added, 0 updated, 0 marked as left, 3 unchanged"))

            let changed = Self.template.replacingOccurrences(of: "S2,Leo,Walsh,leo.walsh,8", with: "S2,Leo,Walsh-Hart,leo.walsh,9")
            let third = try await importFile(browser, changed)
            #expect(third.body.string.contains("0 added, 1 updated, 0 marked as left, 2 unchanged"))
            let leo = try #require(try await Person.query(on: app.db).filter(\.$sourceID == "S2").first())
            #expect(leo.familyName == "Walsh-Hart" && leo.yearGroup == 9)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "imported roster").count() == 3)
        }
    }

    @Test func oneRosterUsersImportStudentsSkipStaffAndMarkLeavers() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let response = try await importFile(browser, Self.oneRoster, name: "users.csv")
            #expect(response.body.string.contains("1 added"), "\(response.body.string)")
            #expect(response.body.string.contains("2 rows skipped (staff, family, or leavers never imported)"))
            let kai = try #require(try await Person.query(on: app.db).filter(\.$username == "kai.reid").first())
            #expect(kai.role == .mentee && kai.yearGroup == 7 && kai.isActive)
            #expect(try await Person.query(on: app.db).filter(\.$username == "ola.ade").count() == 0, "a leaver never imported is not added")
            #expect(try await Person.query(on: app.db).filter(\.$username == "t.smith").count() == 0)
            // Once imported, the same tobedeleted row marks them as left.
            _ = try await importFile(browser, Self.oneRoster.replacingOccurrences(of: "u3,tobedeleted", with: "u3,active"), name: "users.csv")
            let left = try await importFile(browser, Self.oneRoster, name: "users.csv")
            #expect(left.body.string.contains("1 marked as left"))
            let ola = try #require(try await Person.query(on: app.db).filter(\.$username == "ola.ade").first())
            #expect(!ola.isActive && ola.yearGroup == 9)
        }
    }

    @Test func aFileWithBadRowsImportsNothingAndListsEveryProblem() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let bad = """
                student_id,given_name,family_name,username,year_group,designation
                S1,Amara,Okafor,amara.okafor,11,mentor
                S2,,Walsh,leo.walsh,8,mentee
                S3,Sam,Rahman,sam.rahman,twelve,mentee
                S4,Ali,Khan,amara.okafor,9,mentee
                S5,Bea,Ng,bea.ng,9,teacher
                S6,Cy,Po,cy.po,9
                S7,Di,Lu,mentor,9,mentee

                """
            let response = try await importFile(browser, bad)
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("Nothing was imported from roster.csv"))
            #expect(body.contains("Line 3: the first name (given_name) is empty."))
            #expect(body.contains("Line 4: the year group twelve is not a year from 5 to 13."))
            #expect(body.contains("Line 5: the username amara.okafor is also on line 2; usernames must be different."))
            #expect(body.contains("Line 6: the designation teacher is not mentor or mentee."))
            #expect(body.contains("Line 7: has 5 values but the header has 6 columns."))
            #expect(try await Person.query(on: app.db).filter(\.$username == "amara.okafor").count() == 0)

            // Problems only the database can see come out the same way.
            let clash = try await importFile(browser, """
                student_id,given_name,family_name,username,year_group,designation
                S7,Di,Lu,mentor,9,mentee

                """)
            #expect(clash.body.string.contains("Line 2: the username mentor is already Mentor Tester"))
        }
    }

    @Test(arguments: [
        ("", "The file is empty."),
        ("given_name,family_name\nA,B\n", "The header is missing the columns student_id, username, year_group, designation."),
        ("sourcedId,givenName,familyName,role,username\nu1,A,B,student,ab\n", "The header is missing the columns grades, orgSourcedIds."),
        ("student_id,given_name,family_name,username,year_group,designation\n", "The file has a header but no students."),
        ("sourcedId,givenName,familyName,role,username,grades,orgSourcedIds\nu1,A,B,student,ab,08,ELM\n", "belongs to another school (orgSourcedIds ELM)"),
        ("sourcedId,givenName,familyName,role,username,grades,orgSourcedIds\nu1,A,B,wizard,ab,08,OAK\n", "the role wizard is not a OneRoster role"),
    ])
    func wholeFileProblemsAreNamed(file: String, message: String) async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let response = try await importFile(browser, file)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message), "\(message)")
        }
    }

    @Test func aFileThatIsNotUTF8IsRefusedWithTheLine() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/roster/import")
            var data = Data("student_id,given_name,family_name,username,year_group,designation\nS1,Zo".utf8)
            data.append(contentsOf: [0xEB, 0x2C])  // "ë" in Latin-1
            data.append(Data("Ng,zoe.ng,9,mentee\n".utf8))
            let response = try await browser.upload("/roster/import", field: "roster", filename: "latin1.csv", data: data)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Line 2: this line is not UTF-8 text."))
        }
    }

    @Test func aHugeUploadIsRefusedWithTheLimitAndNoImport() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/roster/import")
            let line = "S1,Amara,Okafor,amara.okafor,11,mentor\n"
            let big = "student_id,given_name,family_name,username,year_group,designation\n" + String(repeating: line, count: 50 * 1024 * 1024 / line.utf8.count)
            let response = try await browser.upload("/roster/import", field: "roster", filename: "big.csv", data: Data(big.utf8))
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("the limit is 2 MB"))
            #expect(try await Person.query(on: app.db).count() == 7)
        }
    }

    @Test func theCommandLineImportUsesTheSameRules() async throws {
        let file = RosterFile(data: Data(Self.oneRoster.utf8), schoolSourceID: "ELM")
        #expect(file.students.map(\.username) == ["ola.ade"])
        #expect(file.problems.map(\.description) == ["Line 2: the student belongs to another school (orgSourcedIds OAK), not this one (ELM)."])
        #expect(file.skippedRows == 1)
    }
}
