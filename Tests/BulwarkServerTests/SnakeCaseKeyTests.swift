@testable import BulwarkServer
import Testing

@Suite("JSON keys")
struct SnakeCaseKeyTests {
    @Test(arguments: [
        ("ruleIDs", "rule_ids"), ("entryID", "entry_id"), ("holdsKnownRealVictims", "holds_known_real_victims"),
        ("maxJSONBytes", "max_json_bytes"), ("sha256", "sha256"), ("aiGenerated", "ai_generated"), ("URL", "url"),
        ("webhookURLs", "webhook_urls"), ("x5chain", "x5chain"), ("firedRules", "fired_rules"),
    ])
    func camelCaseBecomesSnakeCaseKeepingAcronymsWhole(_ camel: String, _ snake: String) {
        #expect(JSONIO.SnakeCaseKey(camel).stringValue == snake)
    }
}
