using System.Text;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Contacts.Import;

namespace CrisisConsole.Tests.Contacts;

public sealed class ContactCsvReaderTests
{
    private static ContactCsvContent Read(string text) => ContactCsvReader.Read(Encoding.UTF8.GetBytes(text));

    private static ContactImportRefusedException Refused(byte[] bytes) =>
        Assert.Throws<ContactImportRefusedException>(() => ContactCsvReader.Read(bytes));

    [Fact]
    public void A_byte_order_mark_is_ignored_and_the_first_header_still_matches()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("name,phone\nAda Lovelace,+447700900001\n")).ToArray();
        var content = ContactCsvReader.Read(bytes);
        var row = Assert.Single(content.Rows);
        Assert.Equal("Ada Lovelace", row.Name);
        Assert.Equal("+447700900001", row.Phone);
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks()
    {
        var content = Read("name,phone,tags\n\"Smith, \"\"Jo\"\"\",+447700900001,\"first-aid, vehicle\"\n\"Line\nBreak\",+447700900002,\n");
        Assert.Equal(2, content.Rows.Count);
        Assert.Equal("Smith, \"Jo\"", content.Rows[0].Name);
        Assert.Equal(["first-aid", "vehicle"], content.Rows[0].Tags);
        Assert.Equal("Line\nBreak", content.Rows[1].Name);
    }

    [Fact]
    public void A_semicolon_delimited_file_is_read_like_a_comma_delimited_one()
    {
        var semicolons = Read("name;phone;zone;groups\nJean Dupont;+33 6 12 34 56 78;Nord;Staff, Field responders\n");
        var commas = Read("name,phone,zone,groups\nJean Dupont,+33 6 12 34 56 78,Nord,\"Staff, Field responders\"\n");
        Assert.Equal(';', semicolons.Delimiter);
        Assert.Equal(',', commas.Delimiter);
        foreach (var row in new[] { semicolons.Rows.Single(), commas.Rows.Single() })
        {
            Assert.Equal("Jean Dupont", row.Name);
            Assert.Equal("+33612345678", row.Phone);
            Assert.Equal("Nord", row.Zone);
            Assert.Equal(["Staff", "Field responders"], row.Groups);
        }
    }

    [Fact]
    public void Arabic_and_French_names_survive_as_utf8()
    {
        var content = Read("name,phone,language\nمحمد العلي,+9613123456,ar\nÉlodie Lefèvre-Châtelain,+33612345678,fr\n");
        Assert.Equal("محمد العلي", content.Rows[0].Name);
        Assert.Equal("ar", content.Rows[0].Language);
        Assert.Equal("Élodie Lefèvre-Châtelain", content.Rows[1].Name);
    }

    [Fact]
    public void Headers_are_mapped_by_name_in_any_order_and_spelling()
    {
        var content = Read("External ID,Language,Phone Number,Full Name,WhatsApp,Latitude,Longitude,Consent,Notes\nE-7,FR-ca,+33612345678,Amélie Poulain,yes,48.85,2.35,opted in,ignored\n");
        var row = content.Rows.Single();
        Assert.Equal("E-7", row.ExternalId);
        Assert.Equal("fr-CA", row.Language);
        Assert.Equal("+33612345678", row.Phone);
        Assert.Equal("Amélie Poulain", row.Name);
        Assert.True(row.WhatsAppCapable);
        Assert.Equal(48.85, row.Latitude);
        Assert.Equal(2.35, row.Longitude);
        Assert.Equal(ConsentStatus.OptedIn, row.Consent);
        Assert.True(content.Has(ContactCsvColumns.ExternalId));
        Assert.False(content.Has(ContactCsvColumns.Zone));
    }

    [Fact]
    public void A_header_without_name_or_phone_refuses_the_file_and_says_which_columns_are_needed()
    {
        var refused = Refused(Encoding.UTF8.GetBytes("nom,telephone\nJean,+33612345678\n"));
        Assert.Contains("name and phone", refused.Message);
        Assert.Contains("nom", refused.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\r\n")]
    public void An_empty_file_is_refused(string text)
    {
        Assert.Contains("empty", Refused(Encoding.UTF8.GetBytes(text)).Message);
    }

    [Fact]
    public void A_file_holding_only_a_byte_order_mark_is_refused_as_empty()
    {
        Assert.Contains("empty", Refused([0xEF, 0xBB, 0xBF]).Message);
    }

    [Fact]
    public void A_header_without_rows_is_refused()
    {
        Assert.Contains("no contacts", Refused(Encoding.UTF8.GetBytes("name,phone\n")).Message);
    }

    [Fact]
    public void A_binary_file_is_refused()
    {
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[10] = 0;
        Assert.Contains("binary", Refused(bytes).Message);
    }

    [Fact]
    public void An_excel_workbook_is_refused_with_a_hint_to_save_as_csv()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00 };
        Assert.Contains("CSV UTF-8", Refused(bytes).Message);
    }

    [Fact]
    public void A_latin1_file_is_refused_rather_than_garbling_accents()
    {
        var bytes = Encoding.Latin1.GetBytes("name,phone\nHélène,+33612345678\n");
        Assert.Contains("not UTF-8", Refused(bytes).Message);
    }

    [Fact]
    public void A_file_over_20_MB_is_refused_as_too_large()
    {
        var bytes = new byte[ContactCsvReader.MaxFileBytes + 1];
        Array.Fill(bytes, (byte)'a');
        var refused = Refused(bytes);
        Assert.True(refused.TooLarge);
        Assert.Contains("20 MB", refused.Message);
    }

    [Fact]
    public void Row_numbers_count_the_header_as_row_one()
    {
        var content = Read("name,phone\nGood,+447700900001\nBad,12345\n\nAlso bad,\n");
        Assert.Equal(2, content.Rows.Single().Row);
        Assert.Equal([3, 5], content.Rejections.Select(r => r.Row));
    }

    [Fact]
    public void Phone_numbers_lose_spaces_dashes_and_brackets()
    {
        var content = Read("name,phone\nA,+44 (20) 7946-0000\nB,0044 20 7946 0001\nC,+1 (555) 010-9999\n");
        Assert.Equal(["+442079460000", "+442079460001", "+15550109999"], content.Rows.Select(r => r.Phone));
    }

    [Fact]
    public void A_phone_without_a_country_code_is_rejected_with_a_reason_that_says_so()
    {
        var rejection = Read("name,phone\nA,020 7946 0000\n").Rejections.Single();
        Assert.StartsWith("Bad phone number", rejection.Reason);
        Assert.Contains("country code", rejection.Reason);
    }

    [Fact]
    public void A_phone_with_letters_is_rejected_with_a_reason_that_says_so()
    {
        var rejection = Read("name,phone\nA,+44 7700 CALLME\n").Rejections.Single();
        Assert.Contains("letters", rejection.Reason);
    }

    [Fact]
    public void An_unknown_language_is_rejected()
    {
        var content = Read("name,phone,language\nA,+447700900001,xx\nB,+447700900002,Klingon\nC,+447700900003,\n");
        Assert.Equal([2, 3], content.Rejections.Select(r => r.Row));
        Assert.All(content.Rejections, r => Assert.Contains("Unknown language", r.Reason));
        Assert.Null(content.Rows.Single().Language);
    }

    [Fact]
    public void A_missing_name_or_phone_is_rejected_with_which_one_is_missing()
    {
        var content = Read("name,phone\n,+447700900001\nNo Phone,\n");
        Assert.Equal("Missing name.", content.Rejections[0].Reason);
        Assert.Equal("Missing phone.", content.Rejections[1].Reason);
    }

    [Fact]
    public void A_phone_repeated_in_the_file_is_rejected_as_a_duplicate_naming_the_first_row()
    {
        var content = Read("name,phone\nFirst,+447700900001\nSecond,+44 7700 900001\n");
        Assert.Equal("First", content.Rows.Single().Name);
        var rejection = content.Rejections.Single();
        Assert.Equal(3, rejection.Row);
        Assert.Contains("Duplicate in the file", rejection.Reason);
        Assert.Contains("row 2", rejection.Reason);
    }

    [Fact]
    public void An_external_id_repeated_in_the_file_is_rejected_as_a_duplicate()
    {
        var content = Read("name,phone,external_id\nFirst,+447700900001,E1\nSecond,+447700900002,E1\n");
        Assert.Contains("external_id", content.Rejections.Single().Reason);
    }

    [Fact]
    public void A_quote_added_by_our_export_before_a_plus_is_removed_again()
    {
        var row = Read("name,phone\n'=Not a formula,'+447700900001\n").Rows.Single();
        Assert.Equal("=Not a formula", row.Name);
        Assert.Equal("+447700900001", row.Phone);
    }

    [Theory]
    [InlineData("consent", "maybe", "Unknown consent")]
    [InlineData("whatsapp", "perhaps", "not yes or no")]
    [InlineData("lat", "north", "Bad coordinates")]
    public void Unreadable_optional_values_reject_the_row(string column, string value, string reason)
    {
        var rejection = Read($"name,phone,{column}\nA,+447700900001,{value}\n").Rejections.Single();
        Assert.Contains(reason, rejection.Reason);
    }
}
