"""Collect the text shown by visible widgets (labels, fields, lists, tabs, title)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTreeWidget,
    QWidget,
)


def _tree_texts(tree: QTreeWidget) -> list[str]:
    out = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item is None or item.isHidden():
            continue
        out.extend(item.text(c) for c in range(tree.columnCount()))
        stack.extend(item.child(i) for i in range(item.childCount()))
    return out


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QTreeWidget):
            texts.extend(_tree_texts(widget))
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count())
                         if widget.isTabVisible(i))
        tip = widget.toolTip()
        if tip:
            texts.append(tip)
    return [t for t in texts if t]
