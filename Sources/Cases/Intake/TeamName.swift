/// Team names: 1 to 64 characters of letters, digits, `-`, `_`, `.`; compared exactly.
public enum TeamName {
    /// `name` if it is a valid team name, else an ``IntakeError`` naming `field`.
    public static func validated(_ name: String, field: String = "team") throws(IntakeError) -> String {
        guard (1...64).contains(name.utf8.count) else { throw IntakeError(field: field, reason: "must be 1 to 64 characters") }
        guard name.utf8.allSatisfy({
            ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e
        }) else {
            throw IntakeError(field: field, reason: "only letters, digits, '-', '_' and '.' are allowed")
        }
        return name
    }
}
