import { describe, expect, test } from 'vitest';
import { findLessonSection, lessonSections } from '../../../src/core/course/lesson-sections.ts';

const source = `---
id: demo
title: 示例
# 注释里的井号不是标题
---

开头一段。

## 尊重：认可对方的专业

### 第一层：看见关系

## 沟通与反馈

\`\`\`
## 代码里的不算
\`\`\`

## **共同**目标与 [方向](https://example.com)

## 沟通与反馈
`;

describe('lessonSections', () => {
  test('lists the ## sections with the anchors Astro gives them, skipping frontmatter and code', () => {
    expect(lessonSections(source)).toEqual([
      { heading: '尊重：认可对方的专业', anchor: '尊重认可对方的专业' },
      { heading: '沟通与反馈', anchor: '沟通与反馈' },
      { heading: '共同目标与 方向', anchor: '共同目标与-方向' },
      { heading: '沟通与反馈', anchor: '沟通与反馈-1' },
    ]);
  });
});

describe('findLessonSection', () => {
  test('finds a section by its heading, by its anchor, or by its anchor written with #', () => {
    const sections = lessonSections(source);
    expect(findLessonSection(sections, '尊重：认可对方的专业')?.anchor).toBe('尊重认可对方的专业');
    expect(findLessonSection(sections, '尊重认可对方的专业')?.heading).toBe('尊重：认可对方的专业');
    expect(findLessonSection(sections, '#沟通与反馈-1')?.anchor).toBe('沟通与反馈-1');
    expect(findLessonSection(sections, '第一层：看见关系')).toBeUndefined();
  });
});
