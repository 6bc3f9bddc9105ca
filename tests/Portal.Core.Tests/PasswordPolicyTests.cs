using Portal.Core.Features.Accounts;

namespace Portal.Core.Tests;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("password!!2024")]
    [InlineData("2024!!iloveyou")]
    public void Common_passwords_and_common_passwords_with_padding_are_refused(string password) =>
        Assert.True(CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("river stone lantern 2026")]
    [InlineData("长城外古道边芳草碧连天")]
    public void Long_uncommon_phrases_are_accepted(string password)
    {
        Assert.False(CommonPasswordValidator.IsCommon(password));
        Assert.False(CommonPasswordValidator.IsRepetitive(password));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    [InlineData("123456789012")]
    [InlineData("abcdefghijklm")]
    [InlineData("987654321098")]
    public void Repeated_and_sequential_patterns_are_refused(string password) =>
        Assert.True(CommonPasswordValidator.IsRepetitive(password));

    [Theory]
    [InlineData("qwertyuiopas")]
    [InlineData("asdfghjkl;'zx")]
    [InlineData("1qaz2wsx3edc4rfv")]
    [InlineData("zxcvbnm,./")]
    [InlineData("QWERTYuiop[]")]
    [InlineData("!QAZ@WSX#EDC")]
    public void Keyboard_walks_are_refused(string password) =>
        Assert.True(CommonPasswordValidator.IsRepetitive(password));

    [Theory]
    [InlineData("quiet harbour lights")]
    [InlineData("mapleTrain42Violet")]
    [InlineData("plover-kestrel-9")]
    public void Phrases_that_touch_neighbouring_keys_now_and_then_are_not_walks(string password) =>
        Assert.False(CommonPasswordValidator.IsKeyboardWalk(password));

    [Fact]
    public void Generated_administrator_passwords_are_long_random_and_pass_the_policy()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => AdministratorSeeder.GeneratePassword()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.Equal(23, p.Length);
            Assert.False(CommonPasswordValidator.IsCommon(p));
            Assert.False(CommonPasswordValidator.IsRepetitive(p));
            Assert.DoesNotContain(p, c => "0O1lI".Contains(c));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }
}
