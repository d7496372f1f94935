import Foundation
import Reporting
import Testing

@Suite struct ReportRoutingTests {
    @Test func standardRulesRouteByHostingCountry() throws {
        let rules = ReportRouting.standard
        #expect(try rules.destination(forCountry: "US").kind == .ncmecCyberTipline)
        #expect(try rules.destination(forCountry: "gb").kind == .iwf)
        #expect(try rules.destination(forCountry: "DE").kind == .inhopeHotline)
    }

    @Test func jsonConfigurationWithNamedHotlines() throws {
        let json = """
            {"default": {"kind": "inhope_hotline", "name": "INHOPE"},
             "countries": {
               "US": {"kind": "ncmec_cybertipline", "name": "NCMEC CyberTipline"},
               "GB": {"kind": "iwf", "name": "Internet Watch Foundation"},
               "DE": {"kind": "inhope_hotline", "name": "eco Beschwerdestelle", "contact": "https://international.eco.de"},
               "NL": {"kind": "authority", "name": "Offlimits"}
             }}
            """
        let rules = try ReportRouting.decode(json: Array(json.utf8))
        #expect(try rules.destination(forCountry: "DE").name == "eco Beschwerdestelle")
        #expect(try rules.destination(forCountry: "NL").kind == .authority)
        #expect(try rules.destination(forCountry: "FR").name == "INHOPE")
        let encoded = try JSONEncoder().encode(rules)
        #expect(try JSONDecoder().decode(ReportRouting.self, from: encoded) == rules)
    }

    @Test(arguments: ["XX", "U", "USA", "", "1A", "ZZ"])
    func unknownCountryCodesAreClearErrors(code: String) {
        let error = #expect(throws: ReportingError.self) { try ReportRouting.standard.destination(forCountry: code) }
        #expect(error?.description.contains("unknown hosting country code \"\(code)\"") == true)
    }

    @Test func configurationWithAnUnknownCodeIsRefused() {
        let json = #"{"default": {"kind": "iwf", "name": "IWF"}, "countries": {"UK": {"kind": "iwf", "name": "IWF"}}}"#
        let error = #expect(throws: ReportingError.self) { try ReportRouting.decode(json: Array(json.utf8)) }
        #expect(error?.description.contains("\"UK\"") == true)
        let broken = #"{"countries": {}}"#
        let missing = #expect(throws: ReportingError.self) { try ReportRouting.decode(json: Array(broken.utf8)) }
        #expect(missing?.description.contains("default") == true)
        let unknownKind = #"{"default": {"kind": "fax", "name": "x"}}"#
        #expect(throws: ReportingError.self) { try ReportRouting.decode(json: Array(unknownKind.utf8)) }
    }
}
