import Fluent

struct CreateSchoolPeriodTime: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SchoolPeriodTime.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id", onDelete: .cascade))
            .field("period_id", .string, .required)
            .field("start_minute", .int, .required)
            .field("minutes", .int, .required)
            .unique(on: "school_id", "period_id", name: "school_period_times_one_per_period")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (start_minute BETWEEN 0 AND 1439 AND minutes BETWEEN 5 AND 180 AND start_minute + minutes <= 1440)"),
                                    name: "school_period_times_within_a_day"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(SchoolPeriodTime.schema).delete() }
}
