using DistrictPerf.SharedKernel.Localization;

namespace DistrictPerf.Modules.Identity.Localization;

/// <summary>
/// The Identity module's messages: sign-in, users, and ASP.NET Core Identity's errors.
/// Read per request in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>: IdentityMessages.resx is Chinese
/// (the neutral language, zh-CN), IdentityMessages.en.resx English. Keys are the member names.
/// </summary>
internal static class IdentityMessages
{
    internal static readonly ResourceMessages Catalog = new(typeof(IdentityMessages).FullName!, typeof(IdentityMessages).Assembly);

    /// <summary>请输入用户名</summary>
    public static string UserNameRequired => Catalog.Get(nameof(UserNameRequired));

    /// <summary>请输入密码</summary>
    public static string PasswordRequired => Catalog.Get(nameof(PasswordRequired));

    /// <summary>部门已停用</summary>
    public static string BureauDisabledTitle => Catalog.Get(nameof(BureauDisabledTitle));

    /// <summary>该部门已被财政局停用，无法登录。</summary>
    public static string BureauDisabled => Catalog.Get(nameof(BureauDisabled));

    /// <summary>登录尝试过于频繁</summary>
    public static string TooManyAttemptsTitle => Catalog.Get(nameof(TooManyAttemptsTitle));

    /// <summary>登录尝试次数过多，请稍后再试。</summary>
    public static string TooManyAttempts => Catalog.Get(nameof(TooManyAttempts));

    /// <summary>登录失败</summary>
    public static string SignInFailedTitle => Catalog.Get(nameof(SignInFailedTitle));

    /// <summary>部门代码、用户名或密码不正确。</summary>
    public static string SignInFailed => Catalog.Get(nameof(SignInFailed));

    /// <summary>至少指定一个角色</summary>
    public static string RoleRequired => Catalog.Get(nameof(RoleRequired));

    /// <summary>角色无效；可选：{0}</summary>
    public static string RoleInvalid(string choices) => Catalog.Format(nameof(RoleInvalid), choices);

    /// <summary>用户名只能包含字母、数字和 . _ @ -</summary>
    public static string UserNameFormat => Catalog.Get(nameof(UserNameFormat));

    /// <summary>不能删除自己的账户</summary>
    public static string CannotDeleteSelf => Catalog.Get(nameof(CannotDeleteSelf));

    /// <summary>至少需要保留一名启用的管理员</summary>
    public static string LastAdmin => Catalog.Get(nameof(LastAdmin));

    /// <summary>密码至少须 {0} 个字符。</summary>
    public static string PasswordTooShort(string length) => Catalog.Format(nameof(PasswordTooShort), length);

    /// <summary>密码须包含至少一个数字（0–9）。</summary>
    public static string PasswordRequiresDigit => Catalog.Get(nameof(PasswordRequiresDigit));

    /// <summary>密码须包含至少一个小写字母（a–z）。</summary>
    public static string PasswordRequiresLower => Catalog.Get(nameof(PasswordRequiresLower));

    /// <summary>密码须包含至少一个大写字母（A–Z）。</summary>
    public static string PasswordRequiresUpper => Catalog.Get(nameof(PasswordRequiresUpper));

    /// <summary>密码须包含至少一个非字母数字的字符。</summary>
    public static string PasswordRequiresNonAlphanumeric => Catalog.Get(nameof(PasswordRequiresNonAlphanumeric));

    /// <summary>密码须包含至少 {0} 个不同的字符。</summary>
    public static string PasswordRequiresUniqueChars(string count) => Catalog.Format(nameof(PasswordRequiresUniqueChars), count);

    /// <summary>用户名“{0}”已被占用。</summary>
    public static string DuplicateUserName(string userName) => Catalog.Format(nameof(DuplicateUserName), userName);

    /// <summary>用户名“{0}”无效，只能包含字母或数字。</summary>
    public static string InvalidUserName(string userName) => Catalog.Format(nameof(InvalidUserName), userName);

    /// <summary>电子邮箱“{0}”已被占用。</summary>
    public static string DuplicateEmail(string email) => Catalog.Format(nameof(DuplicateEmail), email);

    /// <summary>电子邮箱“{0}”无效。</summary>
    public static string InvalidEmail(string email) => Catalog.Format(nameof(InvalidEmail), email);

    /// <summary>当前密码不正确。</summary>
    public static string CurrentPasswordWrong => Catalog.Get(nameof(CurrentPasswordWrong));

    /// <summary>新密码不能与当前密码相同。</summary>
    public static string NewPasswordSameAsCurrent => Catalog.Get(nameof(NewPasswordSameAsCurrent));
}
