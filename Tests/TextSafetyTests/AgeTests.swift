import BulwarkCore
import Testing
@testable import TextSafety

@Suite struct AgeTests {
    func ages(_ text: String) throws -> [Int] { try check(text).ages.map(\.years) }

    @Test(arguments: [
        ("a 12yo", 12), ("a 12 y/o", 12), ("12-year-old", 12), ("twelve-year-old", 12), ("age 12", 12),
        ("aged 9", 9), ("age: 13", 13), ("15 yrs old", 15), ("a six month old baby", 0),
        ("une fille de 12 ans", 12), ("âgée de treize ans", 13), ("dix-sept ans", 17),
        ("una niña de 12 años", 12), ("doce años", 12), ("edad 14", 14),
        ("ein 12-jähriges Mädchen", 12), ("zwölf Jahre alt", 12), ("im Alter von 11", 11),
        ("una bambina di 12 anni", 12), ("dodici anni", 12), ("età 10", 10),
        ("uma menina de 12 anos", 12), ("doze anos", 12), ("idade 9", 9),
        ("een meisje van 12 jaar", 12), ("twaalf jaar oud", 12), ("een 12-jarige", 12),
    ])
    func agesInEveryForm(text: String, years: Int) throws {
        #expect(try ages(text) == [years], "\(text)")
        #expect(try check(text).categories.contains(.ageUnder18) == (years < 18))
    }

    @Test func adultAgesAreNotMinors() throws {
        #expect(try ages("a 34 year old woman") == [34])
        #expect(try ages("twenty one year old") == [21])
        #expect(try ages("vingt et un ans") == [21])
        #expect(try !check("a 34 year old woman").categories.contains(.ageUnder18))
    }

    @Test func numbersWithoutAgeUnitsAreNotAges() throws {
        #expect(try ages("12 apples and 3 pears") == [])
        #expect(try ages("it happened 12 years ago") == [])
        #expect(try ages("1234 year old tree") == [])
    }
}
