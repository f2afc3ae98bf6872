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
    apiDocs: { title: "API", lead: "Every route of the API, generated from the schemas the server checks requests with. The document itself:" },
    nav: { overview: "Adoption", districts: "Districts", fx: "FX spreads", operations: "Operations", transactions: "Transactions", alerts: "Alerts", admin: "Administration", apiDocs: "API" },
    dash: dashboardMessages.en,
    admin: adminMessages.en,
    roles: { OFFICIAL: "official", OPS: "operations", ADMIN: "administrator" },
    allDistricts: "all districts",
    apiErrors: {
      validation_failed: "The request is invalid.",
      invalid_filter: "The filter is invalid.",
      invalid_query: "The query is invalid.",
      invalid_export: "The export is invalid.",
      outside_scope: "That is outside the districts you may see.",
      forbidden: "Your role may not do this.",
      unauthorized: "Sign in first.",
      not_found: "Not found.",
      no_file: "The file is no longer there.",
      duplicate_user: "A user with this e-mail exists.",
      self_lockout: "You cannot lock yourself out.",
      already_resolved: "This incident is already resolved.",
      rate_limited: "Too many requests; try again shortly.",
      payload_too_large: "The request is too large.",
      cross_site_request: "Cross-site requests may not change anything here.",
      database_unavailable: "The database is not reachable. Try again shortly.",
      internal_error: "Unexpected error on the server.",
      generic: "The request failed.",
    },
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
    apiDocs: { title: "API 文档", lead: "API 的全部路由，由服务器校验请求所用的模式生成。文档原文：" },
    nav: { overview: "使用情况", districts: "城区", fx: "汇率点差", operations: "运营", transactions: "交易", alerts: "告警", admin: "系统管理", apiDocs: "API" },
    dash: dashboardMessages.zh,
    admin: adminMessages.zh,
    roles: { OFFICIAL: "政府用户", OPS: "运营", ADMIN: "管理员" },
    allDistricts: "全部城区",
    apiErrors: {
      validation_failed: "请求无效。",
      invalid_filter: "筛选条件无效。",
      invalid_query: "查询参数无效。",
      invalid_export: "导出请求无效。",
      outside_scope: "超出了您可查看的城区范围。",
      forbidden: "您的角色无权执行此操作。",
      unauthorized: "请先登录。",
      not_found: "未找到。",
      no_file: "文件已不存在。",
      duplicate_user: "该邮箱的用户已存在。",
      self_lockout: "不能锁定您自己的账户。",
      already_resolved: "该事件已解决。",
      rate_limited: "请求过于频繁，请稍后再试。",
      payload_too_large: "请求内容过大。",
      cross_site_request: "跨站请求不能修改此处的任何内容。",
      database_unavailable: "暂时无法连接数据库，请稍后重试。",
      internal_error: "服务器发生意外错误。",
      generic: "请求失败。",
    },
  },
} as const;

export type Messages = (typeof messages)[Locale];

export const isLocale = (v: unknown): v is Locale => v === "en" || v === "zh";
