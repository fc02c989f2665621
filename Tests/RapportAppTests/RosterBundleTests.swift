import Fluent
import Foundation
import Testing
import VaporTesting
import ZIPFoundation
@testable import RapportApp

/// OneRoster CSV bundles as an MIS exports them, made here from the specification's column lists (1.1 and 1.2), with a
/// real export's quirks: a byte-order mark, CRLF line ends, quoted commas and quotes, names in several scripts,
/// `tobedeleted` rows, extra `metadata.*` columns, files the import does not read, and the files inside a folder.
@Suite("OneRoster bundles")
struct RosterBundleTests {
    static let users11Columns = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
    static let users12Columns = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"
    static let roles12Columns = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId"
    static let orgsColumns = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId"

    static func manifest(_ version: String, roles: Bool) -> String {
        var lines = ["propertyName,value", "manifest.version,1.0", "oneroster.version,\(version)", "file.academicSessions,absent",
                     "file.categories,absent", "file.classes,absent", "file.classResources,absent", "file.courses,absent",
                     "file.courseResources,absent", "file.demographics,bulk", "file.enrollments,bulk", "file.lineItems,absent",
                     "file.orgs,bulk", "file.resources,absent", "file.results,absent", "file.users,bulk",
                     "source.systemName,Example MIS", "source.systemCode,1"]
        if roles { lines += ["file.roles,bulk", "file.userProfiles,absent"] }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let orgs = """
        \(orgsColumns)
        TRUST,,,Test Trust,district,,
        OAK,,,"Oak School, the big one",school,,TRUST
        ELM,,,Elm School,school,,TRUST

        """

    /// A zip of `files` (name → text), each deflated, in a folder as some exports put them.
    static func zip(_ files: [(String, String)], folder: String = "oneroster-export/") throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: folder + name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    private func upload(_ app: Application, _ data: Data, name: String = "oneroster.zip") async throws -> TestingHTTPResponse {
        let browser = TestBrowser(app)
        try await browser.signIn("coord")
        try await browser.get("/roster/import")
        return try await browser.upload("/roster/import", field: "roster", filename: name, data: data)
    }

    @Test("a 1.1 bundle imports its students, with every quirk of a real export")
    func oneRoster11Bundle() async throws {
        let bom = "\u{FEFF}"
        let rows = [
            Self.users11Columns + ",metadata.house",
            "u1,active,2026-09-01T00:00:00Z,true,OAK,student,kai.reid,,Kai,Reid,,,,,,,07,,Red",
            "u2,,,true,OAK,teacher,t.smith,,Tina,Smith,,,,,,,,,",
            #"u3,,,true,"OAK,ELM",student,siobhan.oneil,,"Siobhán ""Shiv""","O'Neil, Jr",,,,,,,"09,10",,Blue"#,
            "u4,,,true,OAK,student,wei.zhang,,伟,张,,,,,,,08,,",
            "u5,,,true,OAK,student,layla.haddad,,ليلى,حداد,,,,,,,11,,",
            "u6,tobedeleted,,true,OAK,student,gone.before,,Gone,Before,,,,,,,09,,",
        ]
        let users = bom + rows.joined(separator: "\r\n") + "\r\n"
        let bundle = try Self.zip([
            ("manifest.csv", Self.manifest("1.1", roles: false)), ("orgs.csv", Self.orgs), ("users.csv", users),
            ("enrollments.csv", "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\ne1,c1,OAK,u1,student\n"),
            ("demographics.csv", "sourcedId,birthDate,sex\nu1,2014-01-01,male\n"),
        ])
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let response = try await upload(app, bundle)
            #expect(response.status == .ok)
            #expect(response.body.string.contains("4 added, 0 updated, 0 marked as left, 0 unchanged, 2 rows skipped"), "\(response.body.string)")
            let people = try await Person.query(on: app.db).filter(\.$sourceID ~~ ["u1", "u3", "u4", "u5"]).all()
            let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.sourceID!, $0) })
            #expect(byID["u1"]?.yearGroup == 7 && byID["u1"]?.role == .mentee)
            #expect(byID["u3"]?.givenName == "Siobhán \"Shiv\"" && byID["u3"]?.familyName == "O'Neil, Jr" && byID["u3"]?.yearGroup == 9)
            #expect(byID["u4"]?.givenName == "伟" && byID["u4"]?.familyName == "张")
            #expect(byID["u5"]?.givenName == "ليلى" && byID["u5"]?.yearGroup == 11)
            #expect(try await Person.query(on: app.db).filter(\.$username ~~ ["t.smith", "gone.before"]).count() == 0)
            // Importing the same bundle again changes nothing.
            #expect(try await upload(app, bundle).body.string.contains("0 added, 0 updated, 0 marked as left, 4 unchanged"))
        }
    }

    @Test("a 1.2 bundle takes each user's role and school from roles.csv")
    func oneRoster12Bundle() async throws {
        let users = """
            \(Self.users12Columns),metadata.tutorGroup
            u1,,,true,kai.reid,,Kai,Reid,,,,,,,07,,,,,,,OAK,,7R
            u2,,,true,t.smith,,Tina,Smith,,,,,,,,,,,,,,OAK,,
            u3,,,true,ola.ade,,Ola,Ade,,,,,,,09,,,,,,,OAK,,9B

            """
        let roles = """
            \(Self.roles12Columns)
            r1,,,u1,primary,student,,,OAK,
            r2,,,u2,primary,teacher,,,OAK,
            r3,,,u3,primary,student,,,ELM,
            r4,,,u3,secondary,student,,,OAK,

            """
        let bundle = try Self.zip([("manifest.csv", Self.manifest("1.2", roles: true)), ("orgs.csv", Self.orgs), ("users.csv", users),
                                   ("roles.csv", roles)], folder: "")
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let response = try await upload(app, bundle)
            #expect(response.body.string.contains("2 added, 0 updated, 0 marked as left, 0 unchanged, 1 row skipped"), "\(response.body.string)")
            let students = try await Person.query(on: app.db).filter(\.$sourceID ~~ ["u1", "u3"]).all()
            #expect(students.count == 2 && students.allSatisfy { $0.role == .mentee })

            // A user of another school only, and a user with no role at all, are problems named by file and line.
            let elsewhere = roles.replacingOccurrences(of: "r4,,,u3,secondary,student,,,OAK,\n", with: "")
                .replacingOccurrences(of: "r1,,,u1,primary,student,,,OAK,\n", with: "")
            let refused = try await upload(app, try Self.zip([("manifest.csv", Self.manifest("1.2", roles: true)), ("orgs.csv", Self.orgs),
                                                              ("users.csv", users), ("roles.csv", elsewhere)]))
            #expect(refused.status == .unprocessableEntity)
            let text = refused.body.string
            #expect(text.contains("users.csv, line 2: the user u1 has no row in roles.csv"), "\(text)")
            #expect(text.contains("users.csv, line 4: the student belongs to another school (orgSourcedIds ELM), not this one (OAK)."))
        }
    }

    @Test(arguments: [
        ("no manifest", [("users.csv", "x")], "The zip has no manifest.csv"),
        ("old version", [("manifest.csv", "propertyName,value\noneroster.version,1.0\n")], "manifest.csv: manifest.csv says OneRoster 1.0; Rapport reads 1.1 and 1.2."),
        ("users absent", [("manifest.csv", "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,absent\n"), ("orgs.csv", "sourcedId\nOAK\n")],
         "manifest.csv: file.users is absent; Rapport needs users.csv in the bundle."),
        ("listed but missing", [("manifest.csv", "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n"), ("orgs.csv", "sourcedId\nOAK\n")],
         "The manifest lists users.csv but the zip has no such file."),
        ("another school", [("manifest.csv", "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n"),
                            ("orgs.csv", "sourcedId,name\nELM,Elm\n"), ("users.csv", "sourcedId\n")],
         "orgs.csv: No org has this school's sourcedId (OAK)"),
        ("roles without columns", [("manifest.csv", "propertyName,value\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\n"),
                                   ("orgs.csv", "sourcedId\nOAK\n"), ("users.csv", "sourcedId\n"), ("roles.csv", "sourcedId,role\nr1,student\n")],
         "roles.csv, line 1: the header is missing userSourcedId, orgSourcedId."),
    ] as [(String, [(String, String)], String)])
    func aWrongBundleIsRefusedSayingWhatIsWrong(name: String, files: [(String, String)], message: String) async throws {
        let bundle = try Self.zip(files)
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let response = try await upload(app, bundle)
            #expect(response.status == .unprocessableEntity, "\(name)")
            #expect(response.body.string.contains(message), "\(name): \(response.body.string.prefix(3000))")
            #expect(try await Person.query(on: app.db).count() == 7, "nothing imported")
        }
    }

    @Test("a broken zip and a file that unpacks past the limit are refused, nothing imported")
    func brokenAndOversizedZips() async throws {
        let huge = try Self.zip([("manifest.csv", Self.manifest("1.1", roles: false)), ("orgs.csv", Self.orgs),
                                 ("users.csv", Self.users11Columns + "\n" + String(repeating: "u9,,,true,OAK,student,a.b,,A,B,,,,,,,08,\n", count: 80_000))])
        try await withRapport({ $0.maxRosterBytes = 1_048_576 }) { app, _ in
            _ = try await World.make(on: app)
            #expect(huge.count < 1_048_576, "the zip itself is small")
            let tooBig = try await upload(app, huge)
            #expect(tooBig.status == .unprocessableEntity && tooBig.body.string.contains("users.csv is larger than 1 MB unpacked."))
            var broken = try Self.zip([("manifest.csv", Self.manifest("1.1", roles: false))])
            broken.replaceSubrange(20..<broken.count, with: Data(repeating: 0x41, count: broken.count - 20))
            let unreadable = try await upload(app, broken)
            #expect(unreadable.status == .unprocessableEntity && unreadable.body.string.contains("The zip file can"))
            #expect(try await Person.query(on: app.db).count() == 7)
        }
    }
}
