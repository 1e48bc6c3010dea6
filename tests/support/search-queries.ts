/**
 * Queries a learner of the shipped course would type, each with the lesson that answers it. The ranking
 * test expects that lesson among the top three results; the search benchmark measures recall and
 * latency over the same list, for lunr and for Pagefind.
 */
export const learnerQueries: ReadonlyArray<readonly [query: string, lessonId: string]> = [
  ['怎么处理同事的抵触情绪', 'implementation-challenges'],
  ['绩效考核', 'appraisal-and-team-building'],
  ['跨部门沟通', 'communication-and-feedback'],
  ['CRM 和内部客户有什么不同', 'internal-vs-external-crm'],
  ['什么是内部客户', 'what-is-an-internal-customer'],
  ['内部服务链', 'what-is-an-internal-customer'],
  ['权责不清怎么办', 'implementation-challenges'],
  ['RACI 表', 'implementation-challenges'],
  ['如何建立信任', 'respect-and-trust'],
  ['怎样给同事反馈', 'communication-and-feedback'],
  ['共同目标怎么制定', 'shared-goals'],
  ['部门指标互相冲突', 'shared-goals'],
  ['内部客户满意度调查', 'continuous-improvement'],
  ['服务利润链', 'why-it-matters'],
  ['关系营销', 'summary-and-outlook'],
  ['培训方案怎么设计', 'training-and-platforms'],
  ['沟通平台选哪个', 'training-and-platforms'],
  ['团队建设活动', 'appraisal-and-team-building'],
  ['数字化管理', 'future-trends'],
  ['个性化支持', 'future-trends'],
  ['跨部门协作小组', 'case-cross-department'],
  ['画出服务链', 'case-workshop'],
  ['九十天行动计划', 'summary-and-outlook'],
  ['持续改进闭环', 'continuous-improvement'],
  ['立体客户关系', 'course-introduction'],
  ['关系不好的代价', 'why-it-matters'],
  ['部门文化差异', 'implementation-challenges'],
  ['考核中的人情分', 'appraisal-and-team-building'],
  ['员工被重视才愿意投入', 'why-it-matters'],
  ['用手机学习', 'course-introduction'],
  ['KPI', 'appraisal-and-team-building'],
];
