// UI strings in English and Simplified Chinese; shared by server and client components.

import { adminMessages } from "./admin-messages";
import { dashboardMessages } from "./dashboard-messages";

export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "hpm-lang";

export const messages = {
  en: {
    appName: "Hangzhou Pay Monitor",
    signInTitle: "Sign in",
    signInLead: "Cross-border wallet payments in Hangzhou during the 19th Asian Games.",
    email: "E-mail",
    password: "Password",
    signIn: "Sign in",
    signingIn: "Signing in…",
    orSso: "or",
    signOut: "Sign out",
    language: "中文",
    errors: {
      invalid: "The e-mail or password is wrong.",
      locked: "Too many wrong passwords: this account is locked for a while. Try again later or ask an administrator.",
      rate_limited: "Too many sign-in attempts from this address. Wait 15 minutes and try again.",
      disabled: "This account is disabled. Ask an administrator.",
      unknown_user: "Your organisation account is not registered here. Ask an administrator to add you.",
      generic: "Sign-in failed. Try again.",
    },
    mainNav: "Main",
    nav: { overview: "Adoption", districts: "Districts", fx: "FX spreads", operations: "Operations", transactions: "Transactions", alerts: "Alerts", admin: "Administration" },
    dash: dashboardMessages.en,
    admin: adminMessages.en,
    roles: { OFFICIAL: "official", OPS: "operations", ADMIN: "administrator" },
    allDistricts: "all districts",
  },
  zh: {
    appName: "杭州支付监测",
    signInTitle: "登录",
    signInLead: "第19届亚运会期间杭州境外钱包跨境支付监测。",
    email: "电子邮箱",
    password: "密码",
    signIn: "登录",
    signingIn: "正在登录…",
    orSso: "或",
    signOut: "退出登录",
    language: "English",
    errors: {
      invalid: "邮箱或密码错误。",
      locked: "密码错误次数过多，账户已暂时锁定。请稍后再试或联系管理员。",
      rate_limited: "此地址登录尝试过多，请15分钟后再试。",
      disabled: "此账户已停用，请联系管理员。",
      unknown_user: "您的单位账户尚未在此登记，请联系管理员添加。",
      generic: "登录失败，请重试。",
    },
    mainNav: "主导航",
    nav: { overview: "使用情况", districts: "城区", fx: "汇率点差", operations: "运营", transactions: "交易", alerts: "告警", admin: "系统管理" },
    dash: dashboardMessages.zh,
    admin: adminMessages.zh,
    roles: { OFFICIAL: "政府用户", OPS: "运营", ADMIN: "管理员" },
    allDistricts: "全部城区",
  },
} as const;

export type Messages = (typeof messages)[Locale];

export const isLocale = (v: unknown): v is Locale => v === "en" || v === "zh";
