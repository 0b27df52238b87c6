import { describe, expect, it } from 'vitest'
import { en } from '../../src/shared/locale/en'
import { createTranslator } from '../../src/shared/locale'
import { ru } from '../../src/shared/locale/ru'

describe('locales', () => {
  it('ru has exactly the keys of en', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort())
  })

  it('has no empty strings and every Russian plural has one/few/many/other', () => {
    for (const table of [en, ru] as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(table)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value as Record<string, string>)
        for (const text of texts) expect(text.trim(), key).not.toBe('')
      }
    }
    for (const [key, value] of Object.entries(ru)) {
      if (typeof value !== 'string') expect(Object.keys(value).sort(), key).toEqual(['few', 'many', 'one', 'other'])
    }
  })

  it('keeps the same placeholders in both languages', () => {
    const names = (v: unknown) => [...JSON.stringify(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((x, i, a) => a.indexOf(x) === i).sort()
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(names(ru[key]), key).toEqual(names(en[key]))
  })

  it('has the Russian strings of UI.md §7 verbatim', () => {
    expect(ru['nav.queue']).toBe('Очередь')
    expect(ru['queue.empty']).toBe('Перетащите сюда файлы .jsonl')
    expect(ru['welcome.sandbox']).toBe('Попробовать песочницу')
    expect(ru['welcome.addAccount']).toBe('Добавить аккаунт')
    expect(ru['job.invalid']).toBe('Нужно исправить')
    expect(ru.uploadAnyway).toBe('Всё равно загрузить')
    expect(ru.copyId).toBe('Скопировать ID')
    expect(ru['job.finishing']).toBe('Завершение — провайдер собирает ваш файл')
    expect(ru.offline).toBe('Нет подключения к интернету. Загрузки приостановлены и продолжатся сами, когда связь вернётся.')
    const tr = createTranslator('ru')
    expect(tr.t('job.resumed', { x: tr.bytes(1.2 * 1024 ** 3), y: tr.bytes(2 * 1024 ** 3) })).toBe('Продолжено — 1,2 ГБ из 2,0 ГБ уже загружены')
  })

  it('picks Russian plural forms one/few/many', () => {
    const tr = createTranslator('ru')
    expect(tr.tp('files.count', 1)).toBe('1 файл')
    expect(tr.tp('files.count', 3)).toBe('3 файла')
    expect(tr.tp('files.count', 5)).toBe('5 файлов')
    expect(tr.tp('files.count', 21)).toBe('21 файл')
    expect(tr.tp('files.countMore', 100)).toBe('100+ файлов')
    expect(tr.tp('files.countMore', 1_002)).toBe('1\u00a0002+ файла')
    expect(tr.tp('files.searched', 300)).toBe('Просмотрено 300 из 300+ файлов.')
    expect(tr.tp('files.searched', 101)).toBe('Просмотрено 101 из 101+ файла.')
  })

  it('formats sizes base 1024 with local units', () => {
    const en_ = createTranslator('en')
    const ru_ = createTranslator('ru')
    expect(en_.bytes(1.2 * 1024 ** 3)).toBe('1.2 GB')
    expect(en_.bytes(180 * 1024 ** 2)).toBe('180 MB')
    expect(en_.bytes(512)).toBe('512 B')
    expect(ru_.bytes(1.2 * 1024 ** 3)).toBe('1,2 ГБ')
    expect(ru_.bytes(2048)).toBe('2,0 КБ')
    expect(en_.tp('files.count', 10_000)).toBe('10,000 files')
  })

  it('words durations and relative times through Intl', () => {
    const tr = createTranslator('en')
    expect(tr.duration(14 * 60)).toBe('14 min')
    expect(tr.duration(180, 'long')).toBe('3 minutes')
    const now = Date.UTC(2026, 0, 10, 12)
    expect(tr.relative(now - 10_000, now)).toBe('just now')
    expect(tr.relative(now + 3 * 86_400_000, now)).toBe('in 3 days')
    expect(tr.relative(now - 2 * 3_600_000, now)).toBe('2 hours ago')
  })
})
